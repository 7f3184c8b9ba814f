// The sharpness of the minimum a training run ended in: the largest eigenvalue of the training loss's
// Hessian on a fixed batch, beside gradient descent's stability bound 2/lr.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include <nabla/data/data_loader.h>
#include <nabla/optim/hessian_eigenvalue.h>
#include <nabla/train/history.h>

namespace nabla::train {

struct SharpnessOptions {
  // The fixed batch: this many training samples (all when fewer), drawn in the seed's order.
  int64_t samples = 256;
  uint64_t seed = 0;
  // Hessian-vector products run over the batch this many samples at a time, summed: grad of grad keeps
  // several times a training step's activations alive, so a whole batch of 256 could take gigabytes
  // (ResNet-20 on 28×28 images: 3 GB); a chunk of 32 keeps it below a training step of batch 128.
  int64_t chunk_samples = 32;
  // A few per cent is precision enough to compare λ_max with 2/lr; each iteration is one Hessian-vector
  // product, about four forward passes over the batch, so the measurement costs at most some 80 forward
  // passes of 256 samples: a small part of one epoch of any data set worth training on.
  optim::PowerIterationOptions power{.max_iterations = 20, .tolerance = 1e-2};
};

// λ_max of the Hessian of loss_of(batch) with respect to params by power iteration on Hessian-vector
// products, and the stability bound 2/lr. loss_of must be deterministic (a model in eval mode, or one
// whose dropout replays one mask). Never throws for what it measures: a model without trainable
// parameters, or a loss whose second derivative cannot be taken, gives a Sharpness whose `skipped` says why.
[[nodiscard]] Sharpness measure_sharpness(const std::function<Tensor(const data::Batch&)>& loss_of,
                                          const std::vector<Tensor>& params, const data::LabeledData& train,
                                          double lr, const SharpnessOptions& options = {});

}  // namespace nabla::train
