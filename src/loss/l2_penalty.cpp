// L2 penalty: λ/2·Σ‖w‖².
#include <nabla/loss/l2_penalty.h>

#include <nabla/autograd/ops.h>

namespace nabla::loss {

Tensor l2_penalty(const std::vector<Tensor>& params, double lambda) {
  if (params.empty()) return Tensor::scalar(0);
  Tensor total = Tensor::scalar(0, params.front().dtype());
  for (const Tensor& w : params) total = total + sum(w * w);
  return total * (lambda / 2);
}

}  // namespace nabla::loss
