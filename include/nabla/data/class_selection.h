// Choosing which samples of a LabeledData to learn from: some of its classes, renumbered, and a seeded
// stratified subset of a fixed number of samples per class (few-shot learning, fine-tuning).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nabla/data/labeled_data.h>

namespace nabla::data {

// Each function throws std::invalid_argument whose message is a phrase to follow the name of the option
// that asked for it ("classes: " + what()).

// The class indices of a list such as "5,6,7,8,9", in the order given. Throws for an item that is not a
// whole number >= 0, a repeated class, or fewer than two classes (training needs two).
[[nodiscard]] std::vector<int64_t> parse_class_list(const std::string& text);

// The samples whose label is one of `classes`, in their original order, relabelled by their position in
// `classes` (5,6,7 -> 0,1,2); num_classes becomes classes.size() and class_names follow the classes (the
// old indices as text when data has no names). Throws for a class outside [0, data.num_classes).
[[nodiscard]] LabeledData select_classes(const LabeledData& data, std::span<const int64_t> classes);

// k samples of each class, drawn without replacement by a Fisher-Yates shuffle driven by
// SplitMix64(seed) (classes visited in label order), kept in their original order. Requires k >= 1 and at
// least k samples of every class in [0, num_classes): otherwise throws, naming the first class that has
// fewer and how many it has.
[[nodiscard]] LabeledData sample_per_class(const LabeledData& data, int64_t k, uint64_t seed);

}  // namespace nabla::data
