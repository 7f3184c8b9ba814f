// ReLU's backward as a differentiable op, shared by relu and the fused ReLU-then-max-pool op.
#pragma once
#include <nabla/tensor/tensor.h>

namespace nabla {

// g, except 0 where y <= 0, for y = relu(x) or y = x (y <= 0 exactly where x <= 0; a NaN passes g).
[[nodiscard]] Tensor relu_backward(const Tensor& g, const Tensor& y);

}  // namespace nabla
