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
//
// label_smoothing ε in [0, 1] (torch's label_smoothing): the target is the mixture (1 − ε)·onehot(yᵢ) + ε/C
// of the label and the uniform distribution, so ℓᵢ = (1 − ε)·(−log pᵢ[yᵢ]) + ε/C·Σ_c −log pᵢ[c]; it keeps
// a confident network's logits from growing without end. Throws naming ε outside [0, 1].
[[nodiscard]] Tensor cross_entropy(const Tensor& logits, const Tensor& labels, Reduction reduction = Reduction::mean,
                                   double label_smoothing = 0);

}  // namespace nabla::loss
