// The lab's test functions, once with nabla ops (for gradients and Hessians) and once on doubles.
#include <nabla/optim/lab/objective.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <nabla/autograd/ops.h>

namespace nabla::optim::lab {

const std::vector<std::string>& Objective::names() {
  static const std::vector<std::string> all = {"quadric", "rosenbrock", "beale", "saddle", "monkey_saddle", "plateau"};
  return all;
}

Objective::Objective(std::string_view name, std::vector<double> lambdas) : name_(name), lambdas_(std::move(lambdas)) {
  if (std::find(names().begin(), names().end(), name_) == names().end()) {
    std::string valid;
    for (const std::string& n : names()) valid += (valid.empty() ? "" : ", ") + n;
    throw std::invalid_argument("lab: unknown function \"" + name_ + "\"; valid: " + valid);
  }
  if (name_ != "quadric" && !lambdas_.empty())
    throw std::invalid_argument("lab: --lambdas applies to the quadric only, not to " + name_);
  if (name_ == "quadric" && lambdas_.empty()) lambdas_ = {1, 10};
  for (double l : lambdas_)
    if (!(l > 0)) throw std::invalid_argument("lab: quadric eigenvalue " + std::to_string(l) + " must be > 0");
}

void Objective::check_point(std::span<const double> w, const char* what) const {
  if (w.size() != dims())
    throw std::invalid_argument(std::string("lab: ") + what + " has " + std::to_string(w.size()) + " values; " + name_ +
                                " takes " + std::to_string(dims()));
}

Tensor Objective::operator()(const Tensor& w) const {
  if (name_ == "quadric") {
    const Tensor l = Tensor::from_vector(std::span<const double>(lambdas_), {static_cast<int64_t>(lambdas_.size())});
    return 0.5 * sum(l * w * w);
  }
  const Tensor x = slice(w, 0, 0, 1), y = slice(w, 0, 1, 2);
  if (name_ == "rosenbrock") return sum(pow(1.0 - x, 2.0) + 100.0 * pow(y - x * x, 2.0));
  if (name_ == "saddle") return sum(x * x - y * y);
  if (name_ == "monkey_saddle") return sum(x * x * x - 3.0 * x * y * y);
  if (name_ == "plateau") return sum(1.0 - exp(-0.5 * (x * x + y * y)));
  const Tensor y2 = y * y;
  return sum(pow(1.5 - x + x * y, 2.0) + pow(2.25 - x + x * y2, 2.0) + pow(2.625 - x + x * y2 * y, 2.0));
}

double Objective::value(std::span<const double> w) const {
  if (name_ == "quadric") {
    double f = 0;
    for (std::size_t i = 0; i < lambdas_.size(); ++i) f += lambdas_[i] * w[i] * w[i];
    return 0.5 * f;
  }
  const double x = w[0], y = w[1];
  const auto sq = [](double v) { return v * v; };
  if (name_ == "rosenbrock") return sq(1 - x) + 100 * sq(y - x * x);
  if (name_ == "saddle") return x * x - y * y;
  if (name_ == "monkey_saddle") return x * x * x - 3 * x * y * y;
  if (name_ == "plateau") return 1 - std::exp(-0.5 * (x * x + y * y));
  return sq(1.5 - x + x * y) + sq(2.25 - x + x * y * y) + sq(2.625 - x + x * y * y * y);
}

std::vector<double> Objective::critical_point() const {
  if (name_ == "quadric") return std::vector<double>(lambdas_.size(), 0.0);
  if (name_ == "rosenbrock") return {1, 1};
  if (name_ == "beale") return {3, 0.5};
  return {0, 0};
}

std::vector<double> Objective::default_start() const {
  if (name_ == "quadric") {
    std::vector<double> start(lambdas_.size(), -1.0);
    start.back() = 1;
    return start;
  }
  if (name_ == "rosenbrock") return {-1.2, 1};
  if (name_ == "beale") return {1, 1.5};
  if (name_ == "plateau") return {-3, 2.5};
  return {1, 0.05};
}

}  // namespace nabla::optim::lab
