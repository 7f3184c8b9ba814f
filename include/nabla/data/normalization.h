// Per-channel standardisation of features: statistics fitted on training data, applied to every set.
#pragma once

#include <nabla/data/labeled_data.h>

#include <vector>

namespace nabla::data {

// One mean and standard deviation per channel. A channel is one index of sample_shape[0]: a colour
// plane for {C,H,W} images, one column for {F} tabular rows (the whole sample for an empty shape).
struct Normalization {
  std::vector<float> mean;
  std::vector<float> std;
};

// Mean and population standard deviation (divide by the count) of each channel over all samples,
// accumulated in double, two passes. Fit on the training set only, so no test statistics leak in.
// Throws std::invalid_argument for an empty or inconsistent dataset.
[[nodiscard]] Normalization fit_normalization(const LabeledData& train);

// x <- (x - mean[c]) / std[c] for every value of channel c; a channel with std 0 is only centred.
// Throws std::invalid_argument when the channel counts differ.
void apply_normalization(LabeledData& data, const Normalization& norm);

}  // namespace nabla::data
