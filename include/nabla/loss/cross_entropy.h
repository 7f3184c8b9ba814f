// Cross-entropy of class logits against integer labels (torch.nn.functional.cross_entropy).
#pragma once
#include <nabla/loss/reduction.h>
#include <nabla/tensor/tensor.h>

namespace nabla::loss {

// logits: (N, C) float, labels: int64 (N) in [0, C). Per sample ℓᵢ = −log softmax(sᵢ)[yᵢ]
// = logsumexp(sᵢ) − sᵢ[yᵢ], computed stably through log_softmax and selected with a one-hot mask, so
// the gradient softmax(sᵢ) − onehot(yᵢ) and its derivatives come from the ops. Throws naming both shapes
// when N differs, and the label and its index when a label is outside [0, C). The mean over an empty
// batch (N = 0) is NaN, as in PyTorch.
[[nodiscard]] Tensor cross_entropy(const Tensor& logits, const Tensor& labels, Reduction reduction = Reduction::mean);

}  // namespace nabla::loss
