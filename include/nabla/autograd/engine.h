// Reverse-mode differentiation: walks the graph from an output in topological order (iteratively, so
// deep graphs cannot overflow the stack) and applies each node's rule.
#pragma once
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla {

// Accumulates d(output)/d(leaf) into .grad of every leaf that requires grad. grad_output defaults to 1
// for a one-element output. With create_graph (or inside a CreateGraphGuard) the gradients are
// themselves differentiable.
void backward(const Tensor& output, const Tensor& grad_output = {}, bool create_graph = false);

// d(output)/d(inputs), returned rather than accumulated (torch.autograd.grad). An input the output does
// not depend on gets a zero gradient.
[[nodiscard]] std::vector<Tensor> grad(const Tensor& output, const std::vector<Tensor>& inputs,
                                       const Tensor& grad_output = {}, bool create_graph = false);

// Sets .grad of each tensor to undefined.
void zero_grad(const std::vector<Tensor>& tensors);

}  // namespace nabla
