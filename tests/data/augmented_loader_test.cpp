// DataLoader with augmentation: each sample augmented by the draws of (seed, epoch, its index), whatever the
// batch size, prefetching, rank or a start mid-epoch; a new epoch, new draws; images only.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <span>
#include <vector>

#include <nabla/data/data_loader.h>

#include "../common/error_of.h"

namespace nabla::data {
namespace {

using Samples = std::map<int64_t, std::vector<float>>;  // by the sample's index in the data

// n images [1, 6, 6]; sample i holds 1000·i + 1, 1000·i + 2, …, so none is 0, and its label is i.
LabeledData images(int64_t n) {
  LabeledData d;
  d.sample_shape = {1, 6, 6};
  d.num_classes = n;
  for (int64_t i = 0; i < n; ++i) {
    for (int k = 1; k <= 36; ++k) d.features.push_back(static_cast<float>(1000 * i + k));
    d.labels.push_back(i);
  }
  return d;
}

const Augmentation kAugment = parse_augmentation("crop:2,flip,erase:0.5");

// Every sample that the loaders' batches of an epoch hold (a stand-in of an empty share left out), by index.
Samples epoch_samples(const std::vector<DataLoader*>& loaders, int64_t epoch, int64_t first_batch = 0) {
  Samples seen;
  for (DataLoader* loader : loaders) {
    loader->start_epoch(epoch, first_batch);
    while (auto b = loader->next()) {
      const std::vector<float> x = b->x.to_vector<float>();
      const std::vector<int64_t> y = b->y.to_vector<int64_t>();
      for (int64_t i = 0; i < b->samples; ++i)
        seen[y[i]] = std::vector<float>(x.begin() + i * 36, x.begin() + (i + 1) * 36);
    }
  }
  return seen;
}

TEST(AugmentedLoader, ASampleGetsTheSameDrawsWhateverBatchSizePrefetchOrRank) {
  const LabeledData d = images(150);
  DataLoader a(d, {.batch_size = 32, .seed = 4, .augment = kAugment});
  DataLoader b(d, {.batch_size = 32, .seed = 4, .prefetch = false, .augment = kAugment});
  DataLoader c(d, {.batch_size = 64, .seed = 4, .augment = kAugment});
  DataLoader rank0(d, {.batch_size = 32, .seed = 4, .rank = 0, .world_size = 2, .augment = kAugment});
  DataLoader rank1(d, {.batch_size = 32, .seed = 4, .rank = 1, .world_size = 2, .augment = kAugment});
  const Samples expected = epoch_samples({&a}, 3);
  ASSERT_EQ(expected.size(), 150u);
  EXPECT_EQ(epoch_samples({&b}, 3), expected);
  EXPECT_EQ(epoch_samples({&c}, 3), expected);
  EXPECT_EQ(epoch_samples({&rank0, &rank1}, 3), expected);
  // Each is augment_sample of the data's sample with its index, and nearly every one changed (all but those
  // neither cropped nor flipped nor erased: chance 1/25 · 1/2 · 1/2).
  int changed = 0;
  for (const auto& [index, x] : expected) {
    const std::span<const float> source(d.features.data() + index * 36, 36);
    std::vector<float> y(36);
    augment_sample(kAugment, d.sample_shape, source, y, 4, 3, index);
    EXPECT_EQ(x, y) << "sample " << index;
    changed += !std::equal(x.begin(), x.end(), source.begin());
  }
  EXPECT_GE(changed, 135);
}

TEST(AugmentedLoader, AStartMidEpochGetsTheSameDraws) {
  const LabeledData d = images(150);
  DataLoader whole(d, {.batch_size = 32, .seed = 4, .augment = kAugment});
  DataLoader resumed(d, {.batch_size = 32, .seed = 4, .augment = kAugment});
  const Samples all = epoch_samples({&whole}, 2), rest = epoch_samples({&resumed}, 2, 3);
  ASSERT_EQ(rest.size(), 150u - 3 * 32);
  for (const auto& [index, x] : rest) EXPECT_EQ(x, all.at(index)) << "sample " << index;
}

TEST(AugmentedLoader, EachEpochDrawsAnew) {
  const LabeledData d = images(150);
  DataLoader loader(d, {.batch_size = 32, .seed = 4, .augment = kAugment});
  const Samples one = epoch_samples({&loader}, 1), two = epoch_samples({&loader}, 2);
  int different = 0;
  for (const auto& [index, x] : one) different += x != two.at(index);
  // Two epochs agree on a sample with chance at most 1/25 · 1/2 · (1/4 + 1/4·…) < 1/50.
  EXPECT_GE(different, 140);
}

TEST(AugmentedLoader, RefusesSamplesThatAreNotImages) {
  LabeledData rows;
  rows.sample_shape = {4};
  rows.num_classes = 2;
  rows.features.assign(8, 1.0f);
  rows.labels = {0, 1};
  EXPECT_EQ(test::error_of([&] { DataLoader loader(rows, {.augment = kAugment}); }),
            "DataLoader: augmentation needs image samples [C, H, W], not samples of shape [4]");
  EXPECT_NO_THROW(DataLoader(rows, {}));
}

}  // namespace
}  // namespace nabla::data
