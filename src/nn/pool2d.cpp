// MaxPool2d and AvgPool2d: the pooling ops with their window geometry.
#include <nabla/nn/pool2d.h>

#include <stdexcept>
#include <string>

#include <nabla/autograd/ops.h>

namespace nabla::nn {
namespace {

int64_t checked_stride(const char* layer, int64_t kernel, const Pool2dOptions& o) {
  const int64_t stride = o.stride.value_or(kernel);
  if (kernel < 1 || stride < 1 || o.padding < 0 || 2 * o.padding > kernel)
    throw std::invalid_argument(std::string(layer) + ": kernel " + std::to_string(kernel) + ", stride " +
                                std::to_string(stride) + ", padding " + std::to_string(o.padding) +
                                ": kernel and stride must be >= 1, padding in [0, kernel/2]");
  return stride;
}

Pool2dGeometry geometry(int64_t kernel, int64_t stride, int64_t padding) {
  return {.kernel = kernel, .stride = stride, .padding = padding};
}

void check_input(const std::string& layer, const Tensor& x) {
  if (x.dim() != 4) throw std::invalid_argument(layer + ": input " + shape_str(x.shape()) + " must be (N, C, H, W)");
}

std::string describe_pool(const char* layer, int64_t kernel, int64_t stride, int64_t padding) {
  return std::string(layer) + "(kernel=" + std::to_string(kernel) + ", stride=" + std::to_string(stride) +
         (padding ? ", padding=" + std::to_string(padding) + ")" : ")");
}

}  // namespace

MaxPool2d::MaxPool2d(int64_t kernel_size, const Pool2dOptions& options)
    : kernel_(kernel_size), stride_(checked_stride("MaxPool2d", kernel_size, options)), padding_(options.padding) {}

Tensor MaxPool2d::forward(const Tensor& x) {
  check_input(describe(), x);
  return nabla::max_pool2d(x, geometry(kernel_, stride_, padding_));
}

Tensor MaxPool2d::forward_after_relu(const Tensor& x) {
  check_input(describe(), x);
  return nabla::relu_max_pool2d(x, geometry(kernel_, stride_, padding_));
}

std::string MaxPool2d::describe() const { return describe_pool("MaxPool2d", kernel_, stride_, padding_); }

AvgPool2d::AvgPool2d(int64_t kernel_size, const Pool2dOptions& options)
    : kernel_(kernel_size), stride_(checked_stride("AvgPool2d", kernel_size, options)), padding_(options.padding) {}

Tensor AvgPool2d::forward(const Tensor& x) {
  check_input(describe(), x);
  return nabla::avg_pool2d(x, geometry(kernel_, stride_, padding_));
}

std::string AvgPool2d::describe() const { return describe_pool("AvgPool2d", kernel_, stride_, padding_); }

}  // namespace nabla::nn
