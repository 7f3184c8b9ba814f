// nabla::tensor(values): dtypes deduced as torch::tensor does, shapes from the braces.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include <nabla/tensor/tensor_values.h>

#include "../common/error_of.h"

namespace nabla {
namespace {

TEST(TensorValues, DTypeFollowsTheValues) {
  const Tensor f = tensor({1.0, 2.5});
  EXPECT_EQ(f.describe(), "float32[2]");  // torch.tensor([1.0, 2.5]): the default dtype
  EXPECT_EQ(f.to_vector<float>(), (std::vector<float>{1.0f, 2.5f}));
  const Tensor i = tensor({3, -1, 2});
  EXPECT_EQ(i.describe(), "int64[3]");
  EXPECT_EQ(i.to_vector<int64_t>(), (std::vector<int64_t>{3, -1, 2}));
  EXPECT_EQ(tensor({0.1}, DType::f64).to_vector<double>(), (std::vector<double>{0.1}));
}

TEST(TensorValues, FromStdVectorKeepsItsElementType) {
  EXPECT_EQ(tensor(std::vector<double>{0.1, 0.2}).describe(), "float64[2]");
  EXPECT_EQ(tensor(std::vector<float>{1, 2, 3}).describe(), "float32[3]");
  const Tensor labels = tensor(std::vector<int>{0, 1, 1});
  EXPECT_EQ(labels.describe(), "int64[3]");
  EXPECT_EQ(labels.to_vector<int64_t>(), (std::vector<int64_t>{0, 1, 1}));
  EXPECT_EQ(tensor(std::vector<double>{0.1, 0.2}).to_vector<double>(), (std::vector<double>{0.1, 0.2}));
}

TEST(TensorValues, NestedBracesGiveRows) {
  const Tensor m = tensor({{0.0, 1.0, 2.0}, {3.0, 4.0, 5.0}});
  EXPECT_EQ(m.describe(), "float32[2, 3]");
  EXPECT_EQ(m.at({1, 0}), 3.0);
  EXPECT_EQ(tensor({{1, 2}}).describe(), "int64[1, 2]");
  EXPECT_EQ(test::error_of([] { (void)tensor({{1.0, 2.0}, {3.0}}); }), "tensor: row 1 has 1 values, row 0 has 2");
}

}  // namespace
}  // namespace nabla
