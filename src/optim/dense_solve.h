// Dense linear solves for Newton's method: Cholesky for a symmetric positive definite matrix, LU with
// partial pivoting otherwise.
#pragma once
#include <cstddef>
#include <vector>

namespace nabla::optim {

struct DenseSolution {
  std::vector<double> x;
  bool cholesky = false;  // false: A was not positive definite and LU solved it
};

// Solves A·x = b for a symmetric A (n×n, row-major). Cholesky (A = L·Lᵀ) when every pivot is positive;
// otherwise LU with partial pivoting. Throws std::runtime_error naming `who` when A is singular (an LU
// pivot at most n·ε·max|A|) or not finite.
[[nodiscard]] DenseSolution solve_symmetric(std::vector<double> a, std::vector<double> b, std::size_t n,
                                            const char* who);

}  // namespace nabla::optim
