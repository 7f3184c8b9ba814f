// Binary cross-entropy on logits (torch.nn.BCEWithLogitsLoss), stable for logits of any size.
#pragma once
#include <nabla/loss/reduction.h>
#include <nabla/tensor/tensor.h>

namespace nabla::loss {

// logits s and targets t in [0, 1] of the same shape (or s (N, 1) with t (N)). Per element
// ℓ = −t·log σ(s) − (1 − t)·log(1 − σ(s)) = softplus(s) − t·s, and softplus is evaluated as
// max(s, 0) + log(1 + e^(−|s|)), so no exponential overflows. Gradient: σ(s) − t.
[[nodiscard]] Tensor bce_with_logits(const Tensor& logits, const Tensor& targets,
                                     Reduction reduction = Reduction::mean);

}  // namespace nabla::loss
