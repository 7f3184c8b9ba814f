// Normalisation: per-channel statistics of images and per-feature statistics of tabular rows.
#include <gtest/gtest.h>
#include <nabla/data/normalization.h>

#include <cmath>

namespace nabla::data {
namespace {

TEST(Normalization, ImageStatisticsArePerChannel) {
  // Two samples of shape {2,1,2}: channel 0 holds 1,3,5,7 (mean 4, population std sqrt(5)),
  // channel 1 holds 2,2,2,2 (std 0: only centred).
  LabeledData data;
  data.sample_shape = {2, 1, 2};
  data.features = {1, 3, 2, 2, 5, 7, 2, 2};
  data.labels = {0, 1};
  Normalization norm = fit_normalization(data);
  ASSERT_EQ(norm.mean.size(), 2u);
  EXPECT_FLOAT_EQ(norm.mean[0], 4.0f);
  EXPECT_FLOAT_EQ(norm.std[0], std::sqrt(5.0f));
  EXPECT_FLOAT_EQ(norm.mean[1], 2.0f);
  EXPECT_EQ(norm.std[1], 0.0f);
  apply_normalization(data, norm);
  const float s = std::sqrt(5.0f);
  std::vector<float> expected = {-3 / s, -1 / s, 0, 0, 1 / s, 3 / s, 0, 0};
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(data.features[i], expected[i], 1e-6f) << i;
}

TEST(Normalization, TabularStatisticsArePerFeatureAndFittedOnTrainingOnly) {
  LabeledData train;
  train.sample_shape = {2};
  train.features = {0, 10, 2, 30};
  train.labels = {0, 0};
  Normalization norm = fit_normalization(train);
  EXPECT_EQ(norm.mean, (std::vector<float>{1, 20}));
  EXPECT_EQ(norm.std, (std::vector<float>{1, 10}));
  LabeledData test = train;
  test.features = {3, 0, 1, 20};
  apply_normalization(test, norm);
  EXPECT_EQ(test.features, (std::vector<float>{2, -2, 0, 0}));
}

TEST(Normalization, MismatchesAndEmptyDataAreRefused) {
  LabeledData data;
  data.sample_shape = {3};
  EXPECT_THROW((void)fit_normalization(data), std::invalid_argument);
  data.features = {1, 2, 3};
  data.labels = {0};
  EXPECT_THROW(apply_normalization(data, {.mean = {0, 0}, .std = {1, 1}}), std::invalid_argument);
  data.features.pop_back();
  EXPECT_THROW((void)fit_normalization(data), std::invalid_argument);
}

}  // namespace
}  // namespace nabla::data
