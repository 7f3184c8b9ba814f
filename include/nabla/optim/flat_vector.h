// Small dense-vector helpers (float64) for code that works on all parameters flattened:
// L-BFGS, its line search, Newton, and the power iteration for the top Hessian eigenvalue.
#pragma once
#include <algorithm>
#include <cmath>
#include <span>

namespace nabla::optim {

[[nodiscard]] inline double dot(std::span<const double> a, std::span<const double> b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// max |a_i| (0 for an empty vector).
[[nodiscard]] inline double max_abs(std::span<const double> a) {
  double m = 0;
  for (double v : a) m = std::max(m, std::abs(v));
  return m;
}

}  // namespace nabla::optim
