// The hinge loss of a linear SVM on ±1 labels: max(0, 1 − y·s).
#pragma once
#include <nabla/loss/reduction.h>
#include <nabla/tensor/tensor.h>

namespace nabla::loss {

// scores s and labels y ∈ {−1, +1} of the same shape (or s (N, 1) with y (N)). Per element
// ℓ = max(0, 1 − y·s); its (sub)gradient is −y where y·s < 1 and 0 elsewhere. Throws naming the first
// label that is not ±1.
[[nodiscard]] Tensor hinge(const Tensor& scores, const Tensor& labels, Reduction reduction = Reduction::mean);

}  // namespace nabla::loss
