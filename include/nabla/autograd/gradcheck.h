// Finite-difference checks of gradients (gradcheck) and of gradients of gradients (gradgradcheck).
// Both run in float64: central differences, with the output projected on a fixed random direction.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla {

using TensorFunction = std::function<Tensor(const std::vector<Tensor>&)>;

struct GradcheckOptions {
  double eps = 1e-6;   // central-difference step
  double atol = 1e-6;  // |analytic − numeric| <= atol + rtol·|numeric|
  double rtol = 1e-4;
  uint64_t seed = 0;  // of the random projection of the output
};

struct GradcheckResult {
  bool ok = true;
  double max_error = 0;  // largest |analytic − numeric|
  std::string report;    // the first mismatches: input, element, analytic, numeric
};

// Checks d⟨r, f(x)⟩/dx by central differences for every input that requires grad; inputs must be
// float64 leaves.
[[nodiscard]] GradcheckResult gradcheck(const TensorFunction& f, const std::vector<Tensor>& inputs,
                                        const GradcheckOptions& options = {});

// Checks the derivative of the gradient: d⟨r₂, ∇⟨r, f(x)⟩⟩/dx against differences of first gradients.
[[nodiscard]] GradcheckResult gradgradcheck(const TensorFunction& f, const std::vector<Tensor>& inputs,
                                            const GradcheckOptions& options = {});

}  // namespace nabla
