// GlobalAvgPool2d: a mean over the spatial dimensions.
#include <nabla/nn/global_avg_pool.h>

#include <stdexcept>

#include <nabla/autograd/ops.h>

namespace nabla::nn {

Tensor GlobalAvgPool2d::forward(const Tensor& x) {
  if (x.dim() != 4 || x.size(2) * x.size(3) == 0)
    throw std::invalid_argument("GlobalAvgPool2d: input " + shape_str(x.shape()) +
                                " must be (N, C, H, W) with H, W >= 1");
  return mean(x, {2, 3});
}

}  // namespace nabla::nn
