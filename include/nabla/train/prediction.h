// Class probabilities of a trained run's model on raw inputs, as `nabla predict` prints them.
#pragma once
#include <cstdint>
#include <vector>

#include <nabla/train/run_model.h>

namespace nabla::train {

// requires: features holds whole samples of run.sample_shape, raw (not standardised); batch_size ≥ 1.
// ensures: N × C probabilities, row-major, C = run.class_names.size(): the softmax of the logits, or
//   [1 − σ(z), σ(z)] for a model with one logit (a binary loss). The run's standardisation is applied
//   first; the model runs in batches of batch_size without recording a graph.
// Throws std::invalid_argument when features is not a whole number of samples or batch_size < 1.
[[nodiscard]] std::vector<float> predict_probabilities(const RunModel& run, std::vector<float> features,
                                                       int64_t batch_size);

// The classes of one row of probabilities, most probable first, at most k of them (ties: lower index first).
[[nodiscard]] std::vector<int64_t> top_classes(const std::vector<float>& row, int64_t k);

}  // namespace nabla::train
