// DataLoader: batch shapes, full coverage each epoch, per-epoch seeded order, drop_last, prefetching, and
// the shares of a data-parallel run.
#include <gtest/gtest.h>

#include <algorithm>

#include <nabla/data/data_loader.h>

namespace nabla::data {
namespace {

LabeledData toy(int64_t n) {
  LabeledData d;
  d.sample_shape = {1, 2, 2};
  d.num_classes = 3;
  for (int64_t i = 0; i < n; ++i) {
    for (int k = 0; k < 4; ++k) d.features.push_back(static_cast<float>(i));
    d.labels.push_back(i % 3);
  }
  return d;
}

std::vector<int64_t> epoch_order(DataLoader& loader, int64_t epoch, int64_t first_batch = 0) {
  loader.start_epoch(epoch, first_batch);
  std::vector<int64_t> seen;
  while (auto b = loader.next())
    for (float v : b->x.to_vector<float>()) seen.push_back(static_cast<int64_t>(v));
  std::vector<int64_t> ids;
  for (std::size_t i = 0; i < seen.size(); i += 4) ids.push_back(seen[i]);
  return ids;
}

TEST(DataLoader, BatchesCoverTheDataOncePerEpoch) {
  const LabeledData d = toy(10);
  DataLoader loader(d, {.batch_size = 4, .seed = 1});
  EXPECT_EQ(loader.batches_per_epoch(), 3);
  loader.start_epoch(0);
  auto b = loader.next();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->x.shape(), (Shape{4, 1, 2, 2}));
  EXPECT_EQ(b->y.dtype(), DType::i64);
  const float first = b->x.to_vector<float>()[0];
  EXPECT_EQ(b->y.to_vector<int64_t>()[0], static_cast<int64_t>(first) % 3);
  std::vector<int64_t> ids = epoch_order(loader, 0);
  std::sort(ids.begin(), ids.end());
  for (int64_t i = 0; i < 10; ++i) EXPECT_EQ(ids[i], i);
}

TEST(DataLoader, OrderDependsOnlyOnSeedAndEpoch) {
  const LabeledData d = toy(50);
  DataLoader a(d, {.batch_size = 7, .seed = 3}), b(d, {.batch_size = 7, .seed = 3, .prefetch = false});
  EXPECT_EQ(epoch_order(a, 2), epoch_order(b, 2));
  EXPECT_NE(epoch_order(a, 1), epoch_order(a, 2));
  DataLoader plain(d, {.batch_size = 7, .shuffle = false});
  const auto order = epoch_order(plain, 5);
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
}

TEST(DataLoader, StartingMidEpochContinuesTheSameOrder) {
  const LabeledData d = toy(50);
  DataLoader a(d, {.batch_size = 7, .seed = 3}), b(d, {.batch_size = 7, .seed = 3, .prefetch = false});
  const std::vector<int64_t> whole = epoch_order(a, 4);
  const std::vector<int64_t> tail(whole.begin() + 3 * 7, whole.end());
  EXPECT_EQ(epoch_order(a, 4, 3), tail);
  EXPECT_EQ(epoch_order(b, 4, 3), tail);
  EXPECT_TRUE(epoch_order(a, 4, a.batches_per_epoch()).empty());
  EXPECT_THROW(a.start_epoch(4, a.batches_per_epoch() + 1), std::invalid_argument);
}

TEST(DataLoader, DropLastAndErrors) {
  const LabeledData d = toy(10);
  DataLoader loader(d, {.batch_size = 4, .drop_last = true});
  EXPECT_EQ(loader.batches_per_epoch(), 2);
  EXPECT_EQ(epoch_order(loader, 0).size(), 8u);
  EXPECT_THROW(DataLoader(d, {.batch_size = 0}), std::invalid_argument);
  EXPECT_THROW(DataLoader(LabeledData{}, {}), std::invalid_argument);
}

// The first sample id of each row of every batch, with the batch's sample counts.
struct Shares {
  std::vector<std::vector<int64_t>> ids;
  std::vector<int64_t> samples, global_samples;
};

Shares shares(const LabeledData& d, const LoaderOptions& options, int64_t epoch) {
  DataLoader loader(d, options);
  loader.start_epoch(epoch);
  Shares s;
  while (auto b = loader.next()) {
    std::vector<int64_t> ids;
    const std::vector<float> x = b->x.to_vector<float>();
    for (std::size_t i = 0; i < x.size(); i += 4) ids.push_back(static_cast<int64_t>(x[i]));
    s.ids.push_back(ids);
    s.samples.push_back(b->samples);
    s.global_samples.push_back(b->global_samples);
  }
  return s;
}

TEST(DataLoader, RanksTakeDisjointContiguousSharesOfEveryBatch) {
  // 11 samples in batches of 4 over 3 ranks: each batch split 1/1/2 (the last one, of 3, 1/1/1), in the
  // order of the unsharded loader, so that the ranks together train on exactly its batches.
  const LabeledData d = toy(11);
  const Shares whole = shares(d, {.batch_size = 4, .seed = 5}, 2);
  std::vector<Shares> ranks;
  for (int r = 0; r < 3; ++r) ranks.push_back(shares(d, {.batch_size = 4, .seed = 5, .rank = r, .world_size = 3}, 2));
  for (std::size_t b = 0; b < whole.ids.size(); ++b) {
    std::vector<int64_t> joined;
    for (const Shares& s : ranks) {
      ASSERT_EQ(s.ids.size(), whole.ids.size());
      EXPECT_EQ(s.global_samples[b], whole.samples[b]);
      EXPECT_EQ(s.samples[b], static_cast<int64_t>(s.ids[b].size()));
      joined.insert(joined.end(), s.ids[b].begin(), s.ids[b].end());
    }
    EXPECT_EQ(joined, whole.ids[b]) << "batch " << b;
  }
  EXPECT_EQ(ranks[2].samples, (std::vector<int64_t>{2, 2, 1}));
  EXPECT_EQ(ranks[0].samples, (std::vector<int64_t>{1, 1, 1}));
}

TEST(DataLoader, AnEmptyShareHoldsAStandInOfWeightZero) {
  // 9 samples in batches of 4 over 2 ranks: the last batch has 1 sample; rank 0's share is empty and it
  // gets the batch's first sample as a stand-in that counts for nothing.
  const LabeledData d = toy(9);
  const Shares whole = shares(d, {.batch_size = 4, .seed = 3}, 0);
  const Shares r0 = shares(d, {.batch_size = 4, .seed = 3, .rank = 0, .world_size = 2}, 0);
  const Shares r1 = shares(d, {.batch_size = 4, .seed = 3, .rank = 1, .world_size = 2}, 0);
  EXPECT_EQ(r0.samples.back(), 0);
  EXPECT_EQ(r0.ids.back(), whole.ids.back());
  EXPECT_EQ(r1.samples.back(), 1);
  EXPECT_EQ(r1.ids.back(), whole.ids.back());
  EXPECT_EQ(r0.global_samples.back(), 1);
}

TEST(DataLoader, UnshardedBatchesCountThemselves) {
  const Shares s = shares(toy(10), {.batch_size = 4, .seed = 1}, 0);
  EXPECT_EQ(s.samples, (std::vector<int64_t>{4, 4, 2}));
  EXPECT_EQ(s.global_samples, s.samples);
}

TEST(DataLoader, RejectsARankOutsideTheWorld) {
  const LabeledData d = toy(10);
  EXPECT_THROW(DataLoader(d, {.rank = 2, .world_size = 2}), std::invalid_argument);
  EXPECT_THROW(DataLoader(d, {.rank = 0, .world_size = 0}), std::invalid_argument);
}

}  // namespace
}  // namespace nabla::data
