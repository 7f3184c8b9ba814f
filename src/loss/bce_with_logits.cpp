// Binary cross-entropy on logits: softplus(s) − t·s.
#include <nabla/loss/bce_with_logits.h>

#include <nabla/autograd/ops.h>

#include "targets.h"

namespace nabla::loss {

Tensor bce_with_logits(const Tensor& logits, const Tensor& targets, Reduction reduction) {
  const Tensor s = detail::match_scores("bce_with_logits", logits, targets);
  const Tensor t = detail::float_targets(targets, s);
  return reduce(softplus(s) - t * s, reduction);
}

}  // namespace nabla::loss
