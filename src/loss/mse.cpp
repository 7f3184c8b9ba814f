// Mean squared error: (p − t)².
#include <nabla/loss/mse.h>

#include <nabla/autograd/ops.h>

#include "targets.h"

namespace nabla::loss {

Tensor mse(const Tensor& predictions, const Tensor& targets, Reduction reduction) {
  const Tensor p = detail::match_scores("mse", predictions, targets);
  const Tensor d = p - detail::float_targets(targets, p);
  return reduce(d * d, reduction);
}

}  // namespace nabla::loss
