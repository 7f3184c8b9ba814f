// Logistic loss: softplus(−y·s).
#include <nabla/loss/logistic.h>

#include <nabla/autograd/ops.h>

#include "targets.h"

namespace nabla::loss {

Tensor logistic(const Tensor& scores, const Tensor& labels, Reduction reduction) {
  detail::check_plus_minus_one("logistic", labels);
  const Tensor s = detail::match_scores("logistic", scores, labels);
  const Tensor y = detail::float_targets(labels, s);
  return reduce(softplus(neg(y * s)), reduction);
}

}  // namespace nabla::loss
