// Splits and selections: stratified counts, determinism, a pinned seed-0 split, disjointness and coverage.
#include <gtest/gtest.h>
#include <nabla/data/split.h>

#include <algorithm>
#include <map>

#include "data_test_files.h"

namespace nabla::data {
namespace {

using testing::contains;
using testing::error_of;

// counts[c] samples of class c, interleaved; feature of sample i is i, so selections can be traced.
LabeledData make_data(const std::vector<int64_t>& counts) {
  LabeledData data;
  data.sample_shape = {1};
  data.num_classes = static_cast<int64_t>(counts.size());
  std::vector<int64_t> left = counts;
  for (bool any = true; any;) {
    any = false;
    for (size_t c = 0; c < left.size(); ++c)
      if (left[c] > 0) {
        --left[c];
        any = true;
        data.features.push_back(static_cast<float>(data.labels.size()));
        data.labels.push_back(static_cast<int64_t>(c));
      }
  }
  return data;
}

std::map<int64_t, int64_t> histogram(const std::vector<int64_t>& labels) {
  std::map<int64_t, int64_t> counts;
  for (int64_t label : labels) ++counts[label];
  return counts;
}

TEST(Split, EachClassGivesItsRoundedShare) {
  LabeledData data = make_data({100, 50, 7, 2, 1});
  Split split = split_stratified(data, 0.2, 42);
  // round(0.2 n) clamped to [1, n - 1]: 20, 10, round(1.4) = 1, 1 (at least one), 0 (a lone sample stays).
  EXPECT_EQ(histogram(split.part.labels), (std::map<int64_t, int64_t>{{0, 20}, {1, 10}, {2, 1}, {3, 1}}));
  EXPECT_EQ(histogram(split.rest.labels), (std::map<int64_t, int64_t>{{0, 80}, {1, 40}, {2, 6}, {3, 1}, {4, 1}}));
  EXPECT_EQ(split.part.num_classes, 5);
  EXPECT_EQ(split.part.sample_shape, data.sample_shape);
}

TEST(Split, PartsAreDisjointSortedAndCoverEverySample) {
  LabeledData data = make_data({30, 20, 10});
  SplitIndices split = split_stratified_indices(data.labels, 0.3, 7);
  EXPECT_TRUE(std::is_sorted(split.part.begin(), split.part.end()));
  EXPECT_TRUE(std::is_sorted(split.rest.begin(), split.rest.end()));
  std::vector<int64_t> all = split.part;
  all.insert(all.end(), split.rest.begin(), split.rest.end());
  std::sort(all.begin(), all.end());
  std::vector<int64_t> expected(60);
  for (int64_t i = 0; i < 60; ++i) expected[static_cast<size_t>(i)] = i;
  EXPECT_EQ(all, expected);
  // Features follow their samples: sample i holds the value i.
  Split data_split = split_stratified(data, 0.3, 7);
  for (size_t k = 0; k < split.part.size(); ++k)
    EXPECT_EQ(data_split.part.features[k], static_cast<float>(split.part[k]));
}

TEST(Split, SameSeedSameSplitOtherSeedOtherSplit) {
  LabeledData data = make_data({40, 40, 40});
  EXPECT_EQ(split_stratified_indices(data.labels, 0.25, 3).part, split_stratified_indices(data.labels, 0.25, 3).part);
  EXPECT_NE(split_stratified_indices(data.labels, 0.25, 3).part, split_stratified_indices(data.labels, 0.25, 4).part);
}

TEST(Split, SeedZeroSplitIsPinned) {
  // From SplitMix64(0) with rejection sampling, the algorithm documented in split.h; the same on every
  // machine. Class 0 is samples 0, 2, ..., 18, class 1 is 1, 3, ..., 19; each gives round(0.3 * 10) = 3.
  std::vector<int64_t> labels(20);
  for (size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<int64_t>(i % 2);
  SplitIndices split = split_stratified_indices(labels, 0.3, 0);
  EXPECT_EQ(split.part, (std::vector<int64_t>{1, 2, 9, 10, 11, 18}));
}

TEST(Split, BadFractionsAndEmptySidesAreRefused) {
  LabeledData data = make_data({5, 5});
  for (double f : {0.0, 1.0, -0.5, 1.5}) EXPECT_THROW((void)split_stratified(data, f, 0), std::invalid_argument) << f;
  EXPECT_TRUE(contains(error_of<std::invalid_argument>([&] {
                         (void)split_stratified(make_data({1, 1}), 0.5, 0);
                       }),
                       "split_stratified: fraction 0.500000 of 2 samples leaves the part empty"));
  EXPECT_THROW((void)split_stratified(LabeledData{}, 0.5, 0), std::invalid_argument);
}

TEST(Subset, CopiesSamplesInIndexOrder) {
  LabeledData data = make_data({3, 3});
  data.class_names = {"a", "b"};
  std::vector<int64_t> indices = {4, 0, 4};
  LabeledData picked = subset(data, indices);
  EXPECT_EQ(picked.features, (std::vector<float>{4, 0, 4}));
  EXPECT_EQ(picked.labels, (std::vector<int64_t>{0, 0, 0}));
  EXPECT_EQ(picked.class_names, data.class_names);
  std::vector<int64_t> bad = {6};
  EXPECT_TRUE(
      contains(error_of<std::invalid_argument>([&] { (void)subset(data, bad); }), "subset: index 6 is outside [0, 6)"));
  data.features.pop_back();
  EXPECT_THROW((void)subset(data, indices), std::invalid_argument);
}

TEST(Subset, HeadAndFirstPerClass) {
  LabeledData data = make_data({4, 2});  // labels 0 1 0 1 0 0
  EXPECT_EQ(head(data, 3).labels, (std::vector<int64_t>{0, 1, 0}));
  EXPECT_EQ(head(data, 100).size(), 6);
  EXPECT_EQ(head(data, 0).size(), 0);
  LabeledData firsts = take_first_per_class(data, 3);
  EXPECT_EQ(firsts.features, (std::vector<float>{0, 1, 2, 3, 4}));
  EXPECT_EQ(firsts.labels, (std::vector<int64_t>{0, 1, 0, 1, 0}));
  EXPECT_THROW((void)head(data, -1), std::invalid_argument);
  EXPECT_THROW((void)take_first_per_class(data, -1), std::invalid_argument);
}

}  // namespace
}  // namespace nabla::data
