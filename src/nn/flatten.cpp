// Flatten: a reshape that keeps the leading dimensions.
#include <nabla/nn/flatten.h>

#include <nabla/autograd/ops.h>

namespace nabla::nn {

Tensor Flatten::forward(const Tensor& x) { return flatten(x, start_dim_); }

std::string Flatten::describe() const { return "Flatten(start_dim=" + std::to_string(start_dim_) + ")"; }

}  // namespace nabla::nn
