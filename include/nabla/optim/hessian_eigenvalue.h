// The largest eigenvalue λ_max of a loss's Hessian by power iteration on Hessian-vector products: the
// curvature that bounds gradient descent's step size (on a quadratic, GD converges iff 0 < α·λ < 2 for
// every eigenvalue λ, so α < 2/λ_max), found without ever forming the Hessian.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include <nabla/autograd/functional.h>

namespace nabla::optim {

struct PowerIterationOptions {
  int64_t max_iterations = 100;
  double tolerance = 1e-3;  // stop once |λ_k − λ_{k−1}| < tolerance·|λ_k|
  uint64_t seed = 0;        // of the random unit start vector
};

struct EigenEstimate {
  double lambda_max = 0;             // the largest (most positive) eigenvalue
  int64_t iterations = 0;            // products with the matrix, over every pass
  bool converged = false;            // the tolerance was met before max_iterations
  std::vector<double> estimates{};   // the Rayleigh quotient vᵀAv of each iteration of the last pass
};

// y = A·x for a symmetric n×n matrix A that is only available as a product.
using LinearOperator = std::function<std::vector<double>(const std::vector<double>&)>;

// Power iteration v ← Av/‖Av‖ with the Rayleigh quotient vᵀAv (v unit, in double) as the estimate.
// It finds the eigenvalue of largest magnitude; when that one is negative (a saddle's curvature), a
// second pass on A + |λ|·I, whose eigenvalues are shifted to be >= 0, finds the most positive one.
// Throws std::invalid_argument for n < 1 or options out of range.
[[nodiscard]] EigenEstimate largest_eigenvalue(const LinearOperator& a, int64_t n,
                                               const PowerIterationOptions& options = {});

// λ_max of the Hessian of f with respect to params at their current values, through nabla::hvp (one
// gradient and one grad-of-grad pass per iteration; every op differentiates twice, conv and pooling
// included). f must be deterministic: the same value every call.
[[nodiscard]] EigenEstimate hessian_largest_eigenvalue(const ScalarFunction& f, const std::vector<Tensor>& params,
                                                       const PowerIterationOptions& options = {});

}  // namespace nabla::optim
