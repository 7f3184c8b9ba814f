// Mean squared error, the least-squares loss (torch.nn.functional.mse_loss).
#pragma once
#include <nabla/loss/reduction.h>
#include <nabla/tensor/tensor.h>

namespace nabla::loss {

// predictions p and targets t of the same shape (or p (N, 1) with t (N)). Per element ℓ = (p − t)²,
// so the mean reduction averages over every element, as PyTorch does. Gradient: 2(p − t)/numel.
[[nodiscard]] Tensor mse(const Tensor& predictions, const Tensor& targets, Reduction reduction = Reduction::mean);

}  // namespace nabla::loss
