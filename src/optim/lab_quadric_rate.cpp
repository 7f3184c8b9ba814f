// Rates on the quadric: the theory of quadric_rate.h and the measurement with the real optimizers.
#include <nabla/optim/lab/quadric_rate.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <stdexcept>

#include <nabla/optim/lab/objective.h>
#include <nabla/optim/factory.h>

namespace nabla::optim::lab {
namespace {

// (λ₁, λₙ), the smallest and largest eigenvalue; throws unless all are > 0.
std::pair<double, double> extremes(std::span<const double> lambdas) {
  if (lambdas.empty()) throw std::invalid_argument("quadric: needs at least one eigenvalue");
  for (double l : lambdas)
    if (!(l > 0)) throw std::invalid_argument("quadric: eigenvalue " + std::to_string(l) + " must be > 0");
  const auto [lo, hi] = std::minmax_element(lambdas.begin(), lambdas.end());
  return {*lo, *hi};
}

// ‖w‖₂ without underflow of the squares (components down to 1e-300 still count).
double norm(const std::vector<double>& w) {
  double scale = 0;
  for (double v : w) scale = std::max(scale, std::abs(v));
  if (scale == 0 || !std::isfinite(scale)) return scale;
  double s = 0;
  for (double v : w) s += (v / scale) * (v / scale);
  return scale * std::sqrt(s);
}

std::optional<double> theory(const std::string& name, std::span<const double> lambdas, double lr, double momentum) {
  if (name == "sgd") return gradient_descent_rate(lambdas, lr);
  if (name == "momentum") return heavy_ball_rate(lambdas, lr, momentum);
  if (name == "nesterov") return nesterov_rate(lambdas, lr, momentum);
  if (name == "newton") return std::abs(1 - lr);
  return std::nullopt;
}

std::optional<RateSettings> optimum(const std::string& name, std::span<const double> lambdas) {
  if (name == "sgd") return gradient_descent_optimum(lambdas);
  if (name == "momentum") return heavy_ball_optimum(lambdas);
  if (name == "newton") return RateSettings{1, 0, 0};
  return std::nullopt;
}

}  // namespace

double condition_number(std::span<const double> lambdas) {
  const auto [lo, hi] = extremes(lambdas);
  return hi / lo;
}

double spectral_radius(double a, double b, double c, double d) {
  // σ² − (a + d)σ + (ad − bc) = 0
  const double trace = a + d, det = a * d - b * c;
  const std::complex<double> root = std::sqrt(std::complex<double>(trace * trace / 4 - det));
  return std::max(std::abs(trace / 2 + root), std::abs(trace / 2 - root));
}

double gradient_descent_rate(std::span<const double> lambdas, double lr) {
  double rate = 0;
  for (double l : lambdas) rate = std::max(rate, std::abs(1 - lr * l));
  return rate;
}

double heavy_ball_rate(std::span<const double> lambdas, double lr, double momentum) {
  double rate = 0;
  for (double l : lambdas) rate = std::max(rate, spectral_radius(momentum, l, -lr * momentum, 1 - lr * l));
  return rate;
}

double nesterov_rate(std::span<const double> lambdas, double lr, double momentum) {
  double rate = 0;
  for (double l : lambdas)
    rate = std::max(rate, spectral_radius(momentum, l, -lr * momentum * momentum, 1 - lr * l * (1 + momentum)));
  return rate;
}

RateSettings gradient_descent_optimum(std::span<const double> lambdas) {
  const auto [lo, hi] = extremes(lambdas);
  const double kappa = hi / lo;
  return {2 / (lo + hi), 0, (kappa - 1) / (kappa + 1)};
}

RateSettings heavy_ball_optimum(std::span<const double> lambdas) {
  const auto [lo, hi] = extremes(lambdas);
  const double s_lo = std::sqrt(lo), s_hi = std::sqrt(hi), root_kappa = std::sqrt(hi / lo);
  const double lr = std::pow(2 / (s_lo + s_hi), 2), momentum = std::pow((s_hi - s_lo) / (s_hi + s_lo), 2);
  return {lr, momentum, (root_kappa - 1) / (root_kappa + 1)};
}

QuadricReport run_quadric(const QuadricExperiment& e) {
  if (e.optimizer == "lbfgs") throw std::invalid_argument("lab quadric: lbfgs is not one of the optimizers measured here");
  const Objective f("quadric", e.lambdas);
  QuadricReport report;
  report.condition_number = condition_number(e.lambdas);
  report.optimal = optimum(e.optimizer, e.lambdas);
  OptimizerConfig config{.name = e.optimizer, .lr = e.lr, .momentum = e.momentum};
  if (e.optimal) {
    if (!report.optimal) throw std::invalid_argument("lab quadric: theory gives no optimal settings for " + e.optimizer);
    config.lr = report.optimal->lr;
    if (e.optimizer == "momentum") config.momentum = report.optimal->momentum;
  }
  Tensor w = Tensor::ones({static_cast<int64_t>(e.lambdas.size())}, DType::f64).set_requires_grad();
  const std::unique_ptr<Optimizer> optimizer = make_optimizer(config, {w});
  report.lr = optimizer->lr();
  report.momentum = optimizer->momentum().value_or(0);
  const Closure closure = make_closure(*optimizer, [&] { return f(w); });
  report.norms.push_back(norm(w.to_vector<double>()));
  for (int k = 0; k < e.steps; ++k) {
    (void)optimizer->step(closure);
    const double n = norm(w.to_vector<double>());
    report.norms.push_back(n);
    if (!(n >= 1e-280 && n <= 1e280)) break;
  }
  const int steps = static_cast<int>(report.norms.size()) - 1;
  report.steps = steps;
  const int half = steps / 2;
  const double last = report.norms.back(), middle = report.norms[half];
  if (steps == 0)
    report.measured_rate = 1;
  else if (last == 0)
    report.measured_rate = 0;
  else
    report.measured_rate = std::exp((std::log(last) - std::log(middle)) / (steps - half));
  report.theoretical_rate = theory(e.optimizer, e.lambdas, report.lr, report.momentum);
  report.converges = report.theoretical_rate ? *report.theoretical_rate < 1 : report.measured_rate < 1;
  return report;
}

}  // namespace nabla::optim::lab
