// Checks shared by the losses.
#include "targets.h"

#include <sstream>
#include <stdexcept>

#include <nabla/autograd/ops.h>

namespace nabla::loss::detail {

Tensor match_scores(const char* op, const Tensor& scores, const Tensor& targets) {
  if (scores.shape() == targets.shape()) return scores;
  if (scores.dim() == 2 && scores.size(1) == 1 && targets.dim() == 1 && scores.size(0) == targets.size(0))
    return reshape(scores, targets.shape());
  throw std::invalid_argument(std::string(op) + ": scores " + shape_str(scores.shape()) + " and targets " +
                              shape_str(targets.shape()) + " differ in shape");
}

Tensor float_targets(const Tensor& targets, const Tensor& scores) {
  return targets.dtype() == scores.dtype() ? targets : targets.to(scores.dtype());
}

void check_plus_minus_one(const char* op, const Tensor& labels) {
  const std::vector<double> v = labels.to_vector<double>();
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == 1 || v[i] == -1) continue;
    std::ostringstream msg;
    msg << op << ": label " << v[i] << " at index " << i << " is not +1 or -1";
    if (v[i] == 0) msg << " (for 0/1 labels use bce, or map them with encode_targets)";
    throw std::invalid_argument(msg.str());
  }
}

}  // namespace nabla::loss::detail
