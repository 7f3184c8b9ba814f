// Stratified seeded splits and index-based selections of a LabeledData.
#include <nabla/data/split.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>

#include "split_mix64.h"

namespace nabla::data {
namespace {

// Refuses a dataset whose features do not hold size() samples of sample_size() floats.
void check_consistent(const LabeledData& data, const char* op) {
  auto expected = static_cast<size_t>(data.size() * data.sample_size());
  if (data.features.size() != expected)
    throw std::invalid_argument(std::string(op) + ": " + std::to_string(data.features.size()) + " features for " +
                                std::to_string(data.size()) + " samples of " + std::to_string(data.sample_size()));
}

}  // namespace

SplitIndices split_stratified_indices(std::span<const int64_t> labels, double fraction, uint64_t seed) {
  if (!(fraction > 0.0 && fraction < 1.0))
    throw std::invalid_argument("split_stratified: fraction " + std::to_string(fraction) + " is not in (0, 1)");
  std::map<int64_t, std::vector<int64_t>> by_class;
  for (size_t i = 0; i < labels.size(); ++i) by_class[labels[i]].push_back(static_cast<int64_t>(i));

  detail::SplitMix64 rng(seed);
  SplitIndices out;
  for (auto& [label, members] : by_class) {
    auto n = static_cast<int64_t>(members.size());
    int64_t k =
        std::clamp<int64_t>(std::llround(fraction * static_cast<double>(n)), std::min<int64_t>(1, n - 1), n - 1);
    // Partial Fisher-Yates: members[0..k) becomes a uniform random k-subset.
    for (int64_t j = 0; j < k; ++j)
      std::swap(members[j], members[j + static_cast<int64_t>(rng.below(static_cast<uint64_t>(n - j)))]);
    out.part.insert(out.part.end(), members.begin(), members.begin() + k);
    out.rest.insert(out.rest.end(), members.begin() + k, members.end());
  }
  if (out.part.empty() || out.rest.empty())
    throw std::invalid_argument("split_stratified: fraction " + std::to_string(fraction) + " of " +
                                std::to_string(labels.size()) + " samples leaves the " +
                                (out.part.empty() ? "part" : "rest") + " empty");
  std::sort(out.part.begin(), out.part.end());
  std::sort(out.rest.begin(), out.rest.end());
  return out;
}

Split split_stratified(const LabeledData& data, double fraction, uint64_t seed) {
  SplitIndices indices = split_stratified_indices(data.labels, fraction, seed);
  return {subset(data, indices.rest), subset(data, indices.part)};
}

LabeledData subset(const LabeledData& data, std::span<const int64_t> indices) {
  check_consistent(data, "subset");
  LabeledData out;
  out.sample_shape = data.sample_shape;
  out.num_classes = data.num_classes;
  out.class_names = data.class_names;
  const int64_t stride = data.sample_size();
  out.features.reserve(indices.size() * static_cast<size_t>(stride));
  out.labels.reserve(indices.size());
  for (int64_t i : indices) {
    if (i < 0 || i >= data.size())
      throw std::invalid_argument("subset: index " + std::to_string(i) + " is outside [0, " +
                                  std::to_string(data.size()) + ")");
    auto first = data.features.begin() + i * stride;
    out.features.insert(out.features.end(), first, first + stride);
    out.labels.push_back(data.labels[static_cast<size_t>(i)]);
  }
  return out;
}

LabeledData head(const LabeledData& data, int64_t n) {
  if (n < 0) throw std::invalid_argument("head: n must be >= 0, got " + std::to_string(n));
  std::vector<int64_t> indices(static_cast<size_t>(std::min(n, data.size())));
  std::iota(indices.begin(), indices.end(), int64_t{0});
  return subset(data, indices);
}

LabeledData take_first_per_class(const LabeledData& data, int64_t n) {
  if (n < 0) throw std::invalid_argument("take_first_per_class: n must be >= 0, got " + std::to_string(n));
  std::map<int64_t, int64_t> taken;
  std::vector<int64_t> indices;
  for (int64_t i = 0; i < data.size(); ++i)
    if (taken[data.labels[static_cast<size_t>(i)]]++ < n) indices.push_back(i);
  return subset(data, indices);
}

}  // namespace nabla::data
