// Batch normalisation over the whole batch of a data-parallel run (torch.nn.SyncBatchNorm): every
// BatchNorm's per-channel sums go through a differentiable sum over the ranks, so that μ and σ² — and
// their gradients — are those of one big batch.
#pragma once

#include <nabla/nn/module.h>
#include <nabla/tensor/tensor.h>

namespace nabla::dist {

// x summed over every rank (a collective). Differentiable: the gradient of every rank's loss with respect
// to x is the sum over the ranks of the gradient with respect to the result (again a collective, run in
// the same place of every rank's backward).
[[nodiscard]] Tensor sum_over_ranks(const Tensor& x);

// Makes every BatchNorm in module (recursively) use the whole batch's statistics through sum_over_ranks;
// returns how many it changed. In a world of one it changes nothing and returns 0.
int convert_sync_batchnorm(nn::Module& module);

}  // namespace nabla::dist
