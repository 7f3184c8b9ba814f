// Power iteration for the top Hessian eigenvalue.
#include <nabla/optim/hessian_eigenvalue.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include <nabla/optim/flat_vector.h>
#include <nabla/tensor/random.h>

namespace nabla::optim {
namespace {

// One power iteration on A + shift·I; the estimates it records are of A's eigenvalue (shift removed).
EigenEstimate power_iteration(const LinearOperator& a, int64_t n, double shift, const PowerIterationOptions& o) {
  Generator gen(o.seed);
  std::vector<double> v(static_cast<std::size_t>(n));
  for (double& x : v) x = gen.normal();
  const double start_norm = std::sqrt(dot(v, v));
  for (double& x : v) x /= start_norm;
  EigenEstimate e;
  for (int64_t k = 0; k < o.max_iterations; ++k) {
    std::vector<double> av = a(v);
    if (av.size() != v.size())
      throw std::invalid_argument("power iteration: the operator returned " + std::to_string(av.size()) +
                                  " values for a vector of " + std::to_string(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) av[i] += shift * v[i];
    // Rayleigh quotient: for a symmetric A and a unit v, vᵀAv <= λ_max, with an error quadratic in v's.
    const double lambda = dot(v, av) - shift;
    ++e.iterations;
    e.estimates.push_back(lambda);
    e.lambda_max = lambda;
    const double norm = std::sqrt(dot(av, av));
    // Relative to the shifted value, which stays away from 0 when A's top eigenvalue is near 0.
    const bool settled = k > 0 && std::abs(lambda - e.estimates[e.estimates.size() - 2]) <
                                      o.tolerance * std::abs(lambda + shift);
    if (norm == 0 || settled) {  // norm 0: v lies in A's null space, every eigenvalue seen is 0
      e.converged = true;
      break;
    }
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = av[i] / norm;
  }
  return e;
}

}  // namespace

EigenEstimate largest_eigenvalue(const LinearOperator& a, int64_t n, const PowerIterationOptions& options) {
  if (n < 1) throw std::invalid_argument("power iteration: the matrix has no rows (n = " + std::to_string(n) + ")");
  if (options.max_iterations < 1 || !(options.tolerance > 0))
    throw std::invalid_argument("power iteration: needs max_iterations >= 1 and tolerance > 0, not " +
                                std::to_string(options.max_iterations) + " and " + std::to_string(options.tolerance));
  EigenEstimate e = power_iteration(a, n, 0, options);
  if (e.lambda_max >= 0) return e;
  // The dominant eigenvalue is negative; shifted by |λ| every eigenvalue lies in [0, λ_max + |λ|].
  const int64_t first_pass = e.iterations;
  e = power_iteration(a, n, -e.lambda_max, options);
  e.iterations += first_pass;
  return e;
}

EigenEstimate hessian_largest_eigenvalue(const ScalarFunction& f, const std::vector<Tensor>& params,
                                         const PowerIterationOptions& options) {
  if (params.empty()) throw std::invalid_argument("hessian eigenvalue: no parameters");
  int64_t n = 0;
  for (const Tensor& p : params) n += p.numel();
  const DType dtype = params.front().dtype();
  const LinearOperator product = [&](const std::vector<double>& v) {
    const Tensor hv = hvp(f, params, Tensor::from_vector(std::span<const double>(v), {n}).to(dtype));
    return hv.to_vector<double>();
  };
  return largest_eigenvalue(product, n, options);
}

}  // namespace nabla::optim
