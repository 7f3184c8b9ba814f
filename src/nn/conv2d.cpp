// Conv2d: the convolution op with registered weight and bias.
#include <nabla/nn/conv2d.h>

#include <stdexcept>

#include <nabla/autograd/ops.h>
#include <nabla/nn/init.h>

namespace nabla::nn {

Conv2d::Conv2d(int64_t in_channels, int64_t out_channels, int64_t kernel_size, Generator& gen,
               const Conv2dOptions& options)
    : in_(in_channels), out_(out_channels), kernel_(kernel_size), options_(options) {
  if (in_ < 1 || out_ < 1 || kernel_ < 1 || options.stride < 1 || options.padding < 0 || options.dilation < 1 ||
      options.groups < 1)
    throw std::invalid_argument("Conv2d: channels, kernel, stride, dilation and groups must be >= 1 and padding >= 0, "
                                "got " + describe());
  if (in_ % options.groups != 0 || out_ % options.groups != 0)
    throw std::invalid_argument("Conv2d: groups must divide both channel counts, got " + describe());
  weight_ = register_parameter("weight", Tensor::empty({out_, in_ / options.groups, kernel_, kernel_}));
  init::weight_(weight_, options.init, gen);
  if (options.bias) bias_ = register_parameter("bias", Tensor::zeros({out_}));
}

Tensor Conv2d::forward(const Tensor& x) { return run(x, options_.channels_last); }

Tensor Conv2d::forward_channels_last(const Tensor& x) { return run(x, true); }

Tensor Conv2d::run(const Tensor& x, bool channels_last) {
  if (x.dim() != 4 || x.size(1) != in_)
    throw std::invalid_argument(describe() + ": input " + shape_str(x.shape()) + " must be (N, " +
                                std::to_string(in_) + ", H, W)");
  const Conv2dGeometry g{.stride = options_.stride,
                         .padding = options_.padding,
                         .dilation = options_.dilation,
                         .channels_last = channels_last};
  return nabla::conv2d(x, weight_, bias_, g, options_.groups);
}

std::string Conv2d::describe() const {
  return "Conv2d(" + std::to_string(in_) + ", " + std::to_string(out_) + ", kernel=" + std::to_string(kernel_) +
         ", stride=" + std::to_string(options_.stride) + ", padding=" + std::to_string(options_.padding) +
         (options_.dilation != 1 ? ", dilation=" + std::to_string(options_.dilation) : "") +
         (options_.groups != 1 ? ", groups=" + std::to_string(options_.groups) : "") +
         (options_.bias ? ")" : ", bias=false)");
}

}  // namespace nabla::nn
