// Cholesky and partially pivoted LU on small dense float64 matrices (n up to a few thousand).
#include "dense_solve.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

namespace nabla::optim {
namespace {

// n·ε·max|A|: a pivot this small is zero to working precision.
double negligible(const std::vector<double>& a, std::size_t n) {
  double scale = 0;
  for (double v : a) scale = std::max(scale, std::abs(v));
  return static_cast<double>(n) * std::numeric_limits<double>::epsilon() * scale;
}

// L (lower triangle of the returned matrix) with A = L·Lᵀ, or nullopt when A is not positive definite
// (a pivot at most negligible(A) counts as not positive).
std::optional<std::vector<double>> cholesky(std::vector<double> a, std::size_t n) {
  const double tiny = negligible(a, n);
  for (std::size_t j = 0; j < n; ++j) {
    double diag = a[j * n + j];
    for (std::size_t k = 0; k < j; ++k) diag -= a[j * n + k] * a[j * n + k];
    if (!(diag > tiny)) return std::nullopt;
    const double l_jj = std::sqrt(diag);
    a[j * n + j] = l_jj;
    for (std::size_t i = j + 1; i < n; ++i) {
      double v = a[i * n + j];
      for (std::size_t k = 0; k < j; ++k) v -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = v / l_jj;
    }
  }
  return a;
}

std::vector<double> cholesky_solve(const std::vector<double>& l, std::vector<double> b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {  // L·y = b
    for (std::size_t k = 0; k < i; ++k) b[i] -= l[i * n + k] * b[k];
    b[i] /= l[i * n + i];
  }
  for (std::size_t i = n; i-- > 0;) {  // Lᵀ·x = y
    for (std::size_t k = i + 1; k < n; ++k) b[i] -= l[k * n + i] * b[k];
    b[i] /= l[i * n + i];
  }
  return b;
}

std::vector<double> lu_solve(std::vector<double> a, std::vector<double> b, std::size_t n, const char* who) {
  const double tiny = negligible(a, n);
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t pivot = k;
    for (std::size_t i = k + 1; i < n; ++i)
      if (std::abs(a[i * n + k]) > std::abs(a[pivot * n + k])) pivot = i;
    if (!(std::abs(a[pivot * n + k]) > tiny))
      throw std::runtime_error(std::string(who) + ": the " + std::to_string(n) + "x" + std::to_string(n) +
                               " system is singular (pivot " + std::to_string(k) +
                               " is zero to working precision); add damping");
    if (pivot != k) {
      std::swap_ranges(a.begin() + static_cast<std::ptrdiff_t>(k * n), a.begin() + static_cast<std::ptrdiff_t>((k + 1) * n),
                       a.begin() + static_cast<std::ptrdiff_t>(pivot * n));
      std::swap(b[k], b[pivot]);
    }
    for (std::size_t i = k + 1; i < n; ++i) {
      const double factor = a[i * n + k] / a[k * n + k];
      for (std::size_t j = k + 1; j < n; ++j) a[i * n + j] -= factor * a[k * n + j];
      b[i] -= factor * b[k];
    }
  }
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = i + 1; j < n; ++j) b[i] -= a[i * n + j] * b[j];
    b[i] /= a[i * n + i];
  }
  return b;
}

}  // namespace

DenseSolution solve_symmetric(std::vector<double> a, std::vector<double> b, std::size_t n, const char* who) {
  for (double v : a)
    if (!std::isfinite(v)) throw std::runtime_error(std::string(who) + ": the matrix holds a non-finite value");
  if (auto l = cholesky(a, n)) return {cholesky_solve(*l, std::move(b), n), true};
  return {lu_solve(std::move(a), std::move(b), n, who), false};
}

}  // namespace nabla::optim
