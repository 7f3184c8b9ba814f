// Selecting samples from a LabeledData: seeded stratified splits, index subsets, first-n views.
#pragma once

#include <nabla/data/labeled_data.h>

#include <cstdint>
#include <span>
#include <vector>

namespace nabla::data {

// Sample indices of both sides of a split, each ascending.
struct SplitIndices {
  std::vector<int64_t> rest;
  std::vector<int64_t> part;
};

// Both sides of a split, samples in their original order.
struct Split {
  LabeledData rest;
  LabeledData part;
};

// Carves a part out of each class, classes visited in increasing label order: a class of n samples gives
// round(fraction * n) clamped to [1, n - 1] samples (none when n is 1), chosen by a partial Fisher-Yates
// shuffle driven by SplitMix64(seed). Identical on every machine for the same labels, fraction and seed.
// Throws std::invalid_argument when fraction is not in (0, 1) or when either side would be empty.
[[nodiscard]] SplitIndices split_stratified_indices(std::span<const int64_t> labels, double fraction, uint64_t seed);

// split_stratified_indices applied to data: {rest, part}, e.g. {training, validation}.
[[nodiscard]] Split split_stratified(const LabeledData& data, double fraction, uint64_t seed);

// The samples at `indices`, in that order (repeats allowed); num_classes and class_names are kept.
// Throws std::invalid_argument for an index outside [0, data.size()).
[[nodiscard]] LabeledData subset(const LabeledData& data, std::span<const int64_t> indices);

// The first min(n, size) samples. Throws std::invalid_argument for n < 0.
[[nodiscard]] LabeledData head(const LabeledData& data, int64_t n);

// The first n samples of each class (all of a smaller class), in their original order.
// Throws std::invalid_argument for n < 0.
[[nodiscard]] LabeledData take_first_per_class(const LabeledData& data, int64_t n);

}  // namespace nabla::data
