// Tensor basics: creation, views sharing storage, copies, element access, alignment and errors.
#include <gtest/gtest.h>

#include <cstdint>

#include <nabla/tensor/print.h>
#include <nabla/tensor/tensor.h>

namespace nabla {
namespace {

TEST(Tensor, CreationAndShape) {
  const Tensor t = Tensor::zeros({2, 3});
  EXPECT_EQ(t.shape(), (Shape{2, 3}));
  EXPECT_EQ(t.strides(), (Shape{3, 1}));
  EXPECT_EQ(t.numel(), 6);
  EXPECT_EQ(t.dtype(), DType::f32);
  EXPECT_EQ(t.describe(), "float32[2, 3]");
  EXPECT_EQ(Tensor::full({2}, 1.5, DType::f64).to_vector<double>(), (std::vector<double>{1.5, 1.5}));
  EXPECT_EQ(Tensor::arange(4, DType::i64).to_vector<int64_t>(), (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(Tensor::scalar(3).dim(), 0);
  EXPECT_FLOAT_EQ(Tensor::scalar(3).item(), 3);
}

TEST(Tensor, StorageIs64ByteAligned) {
  for (int64_t n : {1, 3, 17, 1000}) {
    const Tensor t = Tensor::empty({n});
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(t.raw_data()) % 64, 0u) << n;
  }
}

TEST(Tensor, ViewsShareStorageAndCopiesDoNot) {
  Tensor t = Tensor::from_list({0, 1, 2, 3, 4, 5}, {2, 3});
  const Tensor tr = t.as_strided({3, 2}, {1, 3}, 0);  // transpose view
  EXPECT_FALSE(tr.is_contiguous());
  EXPECT_DOUBLE_EQ(tr.at({2, 1}), 5);
  const Tensor copy = tr.contiguous();
  EXPECT_TRUE(copy.is_contiguous());
  EXPECT_EQ(copy.to_vector<float>(), (std::vector<float>{0, 3, 1, 4, 2, 5}));
  t.fill_(9);
  EXPECT_DOUBLE_EQ(tr.at({0, 1}), 9);    // the view sees the write
  EXPECT_DOUBLE_EQ(copy.at({0, 1}), 3);  // the copy does not
}

TEST(Tensor, CopyIntoStridedView) {
  Tensor t = Tensor::zeros({3, 3});
  t.as_strided({3}, {4}, 0).copy_(Tensor::from_list({1, 2, 3}, {3}));  // the diagonal
  EXPECT_EQ(t.to_vector<float>(), (std::vector<float>{1, 0, 0, 0, 2, 0, 0, 0, 3}));
  EXPECT_THROW(t.copy_(Tensor::zeros({2})), std::invalid_argument);
}

TEST(Tensor, DtypeConversionAndChecks) {
  const Tensor t = Tensor::from_list({1.25, -2}, {2}, DType::f64);
  EXPECT_EQ(t.to(DType::f32).to_vector<float>(), (std::vector<float>{1.25f, -2.f}));
  EXPECT_THROW((void)t.data<float>(), std::invalid_argument);
  EXPECT_THROW((void)Tensor::zeros({2}).item(), std::invalid_argument);
  EXPECT_THROW((void)Tensor::from_list({1, 2, 3}, {2, 2}), std::invalid_argument);
  EXPECT_THROW((void)Tensor::arange(3, DType::i64).set_requires_grad(), std::invalid_argument);
}

TEST(Tensor, OutOfRangeIndexNamesTheDimension) {
  const Tensor t = Tensor::zeros({2, 3});
  try {
    (void)t.at({1, 3});
    FAIL();
  } catch (const std::out_of_range& e) {
    EXPECT_NE(std::string(e.what()).find("dimension 1 of float32[2, 3]"), std::string::npos) << e.what();
  }
}

TEST(Tensor, Printing) {
  EXPECT_EQ(to_string(Tensor::from_list({1, 2, 3, 4}, {2, 2})), "float32[2, 2]\n[[1, 2],\n [3, 4]]");
  const std::string long_row = to_string(Tensor::arange(10, DType::i64));
  EXPECT_EQ(long_row, "int64[10]\n[0, 1, 2, ..., 7, 8, 9]");
}

}  // namespace
}  // namespace nabla
