// Second-order tools built on grad-of-grad: exact Hessians and Hessian-vector products of a scalar
// function of some parameters, for small models.
#pragma once
#include <functional>
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla {

using ScalarFunction = std::function<Tensor()>;

// The Hessian of f at the current parameter values, as an (n, n) tensor over the parameters flattened
// and concatenated in order (n = total elements). Costs one backward pass per row.
[[nodiscard]] Tensor hessian(const ScalarFunction& f, const std::vector<Tensor>& params);

// The same Hessian from gradients already computed with a graph (one per parameter, as grad(...,
// create_graph = true) returns them or backward() leaves them in .grad under a CreateGraphGuard): their
// Jacobian with respect to params. An undefined gradient counts as zero.
[[nodiscard]] Tensor hessian_from_gradients(const std::vector<Tensor>& grads, const std::vector<Tensor>& params);

// H·v, with v flattened like the Hessian's rows (n elements): one extra backward pass, no Hessian.
[[nodiscard]] Tensor hvp(const ScalarFunction& f, const std::vector<Tensor>& params, const Tensor& v);

// Concatenates the tensors, flattened, into one 1-D tensor (differentiable).
[[nodiscard]] Tensor flatten_all(const std::vector<Tensor>& tensors);

}  // namespace nabla
