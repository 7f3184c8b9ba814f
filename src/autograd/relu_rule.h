// ReLU's backward as a differentiable op, shared by relu and the fused ReLU-then-max-pool op.
#pragma once
#include <nabla/tensor/tensor.h>

namespace nabla {

// g where y > 0, else 0, for y = relu(x) (y > 0 exactly where x > 0).
[[nodiscard]] Tensor relu_backward(const Tensor& g, const Tensor& y);

}  // namespace nabla
