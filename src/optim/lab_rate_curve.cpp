// Gradient descent's rate curve with measured points, and the extent of heavy ball's stable plane.
#include <nabla/optim/lab/rate_curve.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace nabla::optim::lab {
namespace {

// Where the runs sample the curve, as fractions of the bound 2/λₙ: across the stable range and one
// point past the bound, where the measured rate exceeds 1.
constexpr double kRunFractions[] = {0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.95, 1.05};
// The curve runs this far past the bound.
constexpr double kCurveEnd = 1.15;

}  // namespace

std::vector<MeasuredRate> measure_rates(std::span<const double> lambdas, const std::string& optimizer,
                                        std::span<const RateSettings> settings, int steps) {
  std::vector<MeasuredRate> out;
  for (const RateSettings& s : settings) {
    QuadricExperiment e{.lambdas = {lambdas.begin(), lambdas.end()}, .optimizer = optimizer, .lr = s.lr, .steps = steps};
    if (optimizer != "sgd") e.momentum = s.momentum;
    const QuadricReport r = run_quadric(e);
    out.push_back({.lr = r.lr, .momentum = r.momentum, .measured = r.measured_rate, .theory = r.theoretical_rate.value_or(0)});
  }
  return out;
}

GradientDescentRateCurve gradient_descent_rate_curve(std::span<const double> lambdas, std::size_t samples, int steps) {
  if (samples < 2) throw std::invalid_argument("rate curve: needs at least 2 samples, not " + std::to_string(samples));
  GradientDescentRateCurve c{.optimum = gradient_descent_optimum(lambdas)};
  const auto [lo, hi] = std::minmax_element(lambdas.begin(), lambdas.end());
  c.stability_bound = 2 / *hi;
  const double end = kCurveEnd * c.stability_bound;
  for (std::size_t i = 0; i < samples; ++i) {
    const double lr = end * static_cast<double>(i) / static_cast<double>(samples - 1);
    c.lrs.push_back(lr);
    c.rates.push_back(gradient_descent_rate(lambdas, lr));
    c.smallest_lambda_rates.push_back(std::abs(1 - lr * *lo));
    c.largest_lambda_rates.push_back(std::abs(1 - lr * *hi));
  }
  std::vector<RateSettings> runs;
  for (double f : kRunFractions) runs.push_back({.lr = f * c.stability_bound});
  runs.push_back({.lr = c.optimum.lr});
  std::sort(runs.begin(), runs.end(), [](const RateSettings& a, const RateSettings& b) { return a.lr < b.lr; });
  c.measured = measure_rates(lambdas, "sgd", runs, steps);
  return c;
}

double heavy_ball_lr_limit(std::span<const double> lambdas) {
  (void)condition_number(lambdas);  // checks that every λ > 0
  return 4 / *std::max_element(lambdas.begin(), lambdas.end());
}

}  // namespace nabla::optim::lab
