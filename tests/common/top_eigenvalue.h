// A reference for the Hessian power iterations: the top eigenvalue of a small symmetric matrix.
#pragma once
#include <cmath>
#include <cstddef>
#include <vector>

namespace nabla::testing {

// The top eigenvalue of a small symmetric positive semi-definite matrix by 20000 plain power iterations
// in double: an independent reference for matrices with a clear spectral gap.
inline double reference_top_eigenvalue(const std::vector<std::vector<double>>& a) {
  std::vector<double> v(a.size(), 1.0);
  double lambda = 0;
  for (int k = 0; k < 20000; ++k) {
    std::vector<double> av(a.size(), 0.0);
    for (std::size_t i = 0; i < a.size(); ++i)
      for (std::size_t j = 0; j < a.size(); ++j) av[i] += a[i][j] * v[j];
    double norm = 0, vav = 0;
    for (std::size_t i = 0; i < a.size(); ++i) norm += av[i] * av[i], vav += v[i] * av[i];
    lambda = vav;
    for (std::size_t i = 0; i < a.size(); ++i) v[i] = av[i] / std::sqrt(norm);
  }
  return lambda;
}

}  // namespace nabla::testing
