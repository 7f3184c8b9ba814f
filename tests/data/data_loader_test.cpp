// DataLoader: batch shapes, full coverage each epoch, per-epoch seeded order, drop_last, prefetching.
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

}  // namespace
}  // namespace nabla::data
