// Hinge loss: relu(1 − y·s).
#include <nabla/loss/hinge.h>

#include <nabla/autograd/ops.h>

#include "targets.h"

namespace nabla::loss {

Tensor hinge(const Tensor& scores, const Tensor& labels, Reduction reduction) {
  detail::check_plus_minus_one("hinge", labels);
  const Tensor s = detail::match_scores("hinge", scores, labels);
  const Tensor y = detail::float_targets(labels, s);
  return reduce(relu(1.0 - y * s), reduction);
}

}  // namespace nabla::loss
