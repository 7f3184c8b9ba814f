// Curve thinning by path length.
#include <nabla/metrics/curve_thinning.h>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace nabla::metrics {
namespace {

double step_length(std::span<const double> x, std::span<const double> y, std::size_t i) {
  const double d = std::hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
  return std::isfinite(d) ? d : 0.0;
}

}  // namespace

std::vector<std::size_t> thin_curve(std::span<const double> x, std::span<const double> y, std::size_t max_points) {
  if (x.size() != y.size())
    throw std::invalid_argument("thin_curve: " + std::to_string(x.size()) + " x values but " +
                                std::to_string(y.size()) + " y values");
  if (max_points < 3) throw std::invalid_argument("thin_curve: max_points " + std::to_string(max_points) + " < 3");
  const std::size_t n = x.size();
  std::vector<std::size_t> kept;
  if (n <= max_points) {
    kept.resize(n);
    std::iota(kept.begin(), kept.end(), std::size_t{0});
    return kept;
  }
  double length = 0;
  for (std::size_t i = 1; i < n; ++i) length += step_length(x, y, i);
  // Every interior point kept has at least `step` of path behind it, so there are at most
  // length / step = max_points - 2 of them.
  const double step = length / static_cast<double>(max_points - 2);
  kept.push_back(0);
  double walked = 0;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    walked += step_length(x, y, i);
    if (walked >= step && step > 0 && kept.size() < max_points - 1) {
      kept.push_back(i);
      walked = 0;
    }
  }
  kept.push_back(n - 1);
  return kept;
}

std::vector<double> pick(std::span<const double> values, std::span<const std::size_t> kept) {
  std::vector<double> out;
  out.reserve(kept.size());
  for (const std::size_t i : kept) out.push_back(values[i]);
  return out;
}

}  // namespace nabla::metrics
