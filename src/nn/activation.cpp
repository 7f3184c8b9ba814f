// Activation layers: thin wrappers over the differentiable ops.
#include <nabla/nn/activation.h>

#include <nabla/autograd/ops.h>

namespace nabla::nn {

Tensor ReLU::forward(const Tensor& x) { return relu(x); }
Tensor Sigmoid::forward(const Tensor& x) { return sigmoid(x); }
Tensor Tanh::forward(const Tensor& x) { return nabla::tanh(x); }

}  // namespace nabla::nn
