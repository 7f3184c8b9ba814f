// Cross-entropy from logits: −log softmax at the label, through log_softmax and a one-hot selection
// (smoothed towards the uniform distribution when asked).
#include <nabla/loss/cross_entropy.h>

#include <cstdio>
#include <stdexcept>
#include <string>

#include <nabla/autograd/ops.h>

namespace nabla::loss {
namespace {

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

void check_inputs(const Tensor& logits, const Tensor& labels) {
  if (logits.dim() != 2 || logits.dtype() == DType::i64)
    throw std::invalid_argument("cross_entropy: logits must be floating point (N, C), got " + logits.describe());
  if (labels.dim() != 1 || labels.dtype() != DType::i64)
    throw std::invalid_argument("cross_entropy: labels must be int64 (N), got " + labels.describe());
  if (logits.size(0) != labels.size(0))
    throw std::invalid_argument("cross_entropy: logits " + shape_str(logits.shape()) + " and labels " +
                                shape_str(labels.shape()) + " have different N");
  const int64_t classes = logits.size(1);
  const std::vector<int64_t> l = labels.to_vector<int64_t>();
  for (std::size_t i = 0; i < l.size(); ++i)
    if (l[i] < 0 || l[i] >= classes)
      throw std::invalid_argument("cross_entropy: label " + std::to_string(l[i]) + " at index " + std::to_string(i) +
                                  " is outside [0, " + std::to_string(classes) + ") for logits " +
                                  shape_str(logits.shape()));
}

}  // namespace

Tensor cross_entropy(const Tensor& logits, const Tensor& labels, Reduction reduction, double label_smoothing) {
  if (!(label_smoothing >= 0 && label_smoothing <= 1))
    throw std::invalid_argument("cross_entropy: label_smoothing must be in [0, 1], not " +
                                number_text(label_smoothing));
  check_inputs(logits, labels);
  Tensor mask = kernels::one_hot(labels, logits.size(1), logits.dtype());
  if (label_smoothing > 0)
    mask = mask * (1 - label_smoothing) + label_smoothing / static_cast<double>(logits.size(1));
  const Tensor per_sample = neg(sum(mul(log_softmax(logits, 1), mask), {1}));
  return reduce(per_sample, reduction);
}

}  // namespace nabla::loss
