// Conv2d: the convolution op with registered weight and bias.
#include <nabla/nn/conv2d.h>

#include <stdexcept>

#include <nabla/autograd/ops.h>
#include <nabla/nn/init.h>

namespace nabla::nn {

Conv2d::Conv2d(int64_t in_channels, int64_t out_channels, int64_t kernel_size, Generator& gen,
               const Conv2dOptions& options)
    : in_(in_channels), out_(out_channels), kernel_(kernel_size), options_(options) {
  if (in_ < 1 || out_ < 1 || kernel_ < 1 || options.stride < 1 || options.padding < 0)
    throw std::invalid_argument("Conv2d: channels, kernel and stride must be >= 1 and padding >= 0, got " +
                                describe());
  weight_ = register_parameter("weight", Tensor::empty({out_, in_, kernel_, kernel_}));
  init::xavier_uniform_(weight_, gen);
  if (options.bias) bias_ = register_parameter("bias", Tensor::zeros({out_}));
}

Tensor Conv2d::forward(const Tensor& x) {
  if (x.dim() != 4 || x.size(1) != in_)
    throw std::invalid_argument(describe() + ": input " + shape_str(x.shape()) + " must be (N, " +
                                std::to_string(in_) + ", H, W)");
  const Conv2dGeometry g{.stride = options_.stride, .padding = options_.padding};
  return nabla::conv2d(x, weight_, bias_, g);
}

std::string Conv2d::describe() const {
  return "Conv2d(" + std::to_string(in_) + ", " + std::to_string(out_) + ", kernel=" + std::to_string(kernel_) +
         ", stride=" + std::to_string(options_.stride) + ", padding=" + std::to_string(options_.padding) +
         (options_.bias ? ")" : ", bias=false)");
}

}  // namespace nabla::nn
