// Linear: y = x Wᵀ + b.
#include <nabla/nn/linear.h>

#include <stdexcept>

#include <nabla/autograd/ops.h>
#include <nabla/nn/init.h>

namespace nabla::nn {

Linear::Linear(int64_t in_features, int64_t out_features, Generator& gen, const LinearOptions& options)
    : in_(in_features), out_(out_features) {
  if (in_features < 1 || out_features < 1)
    throw std::invalid_argument("Linear: features must be >= 1, got in " + std::to_string(in_features) + ", out " +
                                std::to_string(out_features));
  weight_ = register_parameter("weight", Tensor::empty({out_, in_}));
  init::weight_(weight_, options.init, gen);
  if (options.bias) bias_ = register_parameter("bias", Tensor::zeros({out_}));
}

Tensor Linear::forward(const Tensor& x) {
  if (x.dim() < 1 || x.size(-1) != in_)
    throw std::invalid_argument(describe() + ": input " + shape_str(x.shape()) + " must end in " +
                                std::to_string(in_) + " features");
  return linear(x, weight_, bias_);
}

std::string Linear::describe() const {
  return "Linear(" + std::to_string(in_) + ", " + std::to_string(out_) + (bias_.defined() ? ")" : ", bias=false)");
}

}  // namespace nabla::nn
