// The logistic loss on ±1 labels, as in the lecture: −log σ(y·s) = softplus(−y·s).
#pragma once
#include <nabla/loss/reduction.h>
#include <nabla/tensor/tensor.h>

namespace nabla::loss {

// scores s and labels y ∈ {−1, +1} of the same shape (or s (N, 1) with y (N)). Per element
// ℓ = log(1 + e^(−y·s)); with t = (y + 1)/2 it equals bce_with_logits(s, t). Gradient: −y·σ(−y·s).
// Throws naming the first label that is not ±1.
[[nodiscard]] Tensor logistic(const Tensor& scores, const Tensor& labels, Reduction reduction = Reduction::mean);

}  // namespace nabla::loss
