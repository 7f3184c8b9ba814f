// TensorDataset: tensors in memory feed a DataLoader, sample by sample, with their labels.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include <nabla/data/data_loader.h>
#include <nabla/data/tensor_dataset.h>

#include "../common/error_of.h"

namespace nabla::data {
namespace {

TEST(TensorDataset, FeedsADataLoaderInOrder) {
  // Five samples of shape (2, 1), sample i holding i and 10·i, labelled i % 3; float64 inputs.
  std::vector<double> values;
  for (int i = 0; i < 5; ++i) values.insert(values.end(), {double(i), 10.0 * i});
  const Tensor x = Tensor::from_vector(values, {5, 2, 1});
  const Tensor y = Tensor::from_vector(std::vector<int64_t>{0, 1, 2, 0, 1}, {5});
  const TensorDataset data(x, y);
  EXPECT_EQ(data.size(), 5);
  EXPECT_EQ(data.num_classes, 3);
  EXPECT_EQ(data.sample_shape, (std::vector<int64_t>{2, 1}));
  DataLoader loader(data, {.batch_size = 2, .shuffle = false, .prefetch = false});
  loader.start_epoch(0);
  std::vector<float> xs;
  std::vector<int64_t> ys;
  while (auto batch = loader.next()) {
    EXPECT_EQ(batch->x.dtype(), DType::f32);
    EXPECT_EQ(batch->x.shape()[1], 2);
    for (float v : batch->x.to_vector<float>()) xs.push_back(v);
    for (int64_t v : batch->y.to_vector<int64_t>()) ys.push_back(v);
  }
  EXPECT_EQ(xs, (std::vector<float>{0, 0, 1, 10, 2, 20, 3, 30, 4, 40}));
  EXPECT_EQ(ys, (std::vector<int64_t>{0, 1, 2, 0, 1}));
}

TEST(TensorDataset, RefusesMismatchedOrNegativeLabels) {
  const Tensor x = Tensor::zeros({3, 2});
  EXPECT_EQ(test::error_of([&] { (void)TensorDataset(x, Tensor::zeros({3})); }),
            "TensorDataset: inputs float32[3, 2] and labels float32[3] must be (N, …) and int64 (N)");
  EXPECT_EQ(test::error_of([&] { (void)TensorDataset(x, Tensor::from_vector(std::vector<int64_t>{0, 1}, {2})); }),
            "TensorDataset: inputs float32[3, 2] and labels int64[2] must be (N, …) and int64 (N)");
  EXPECT_EQ(test::error_of([&] { (void)TensorDataset(x, Tensor::from_vector(std::vector<int64_t>{0, -1, 1}, {3})); }),
            "TensorDataset: label -1 of sample 1 is negative");
}

}  // namespace
}  // namespace nabla::data
