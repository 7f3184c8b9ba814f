// int64 tensors through the elementwise and reduction kernels (what stays integer, what is refused),
// and the gather / scatter-add kernels against direct loops.
#include <gtest/gtest.h>

#include "../common/error_of.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include <nabla/tensor/kernels.h>
#include <nabla/tensor/random.h>

namespace nabla {
namespace {

using namespace kernels;
using nabla::test::error_of;

Tensor ints(std::vector<int64_t> v, const Shape& shape) { return Tensor::from_vector(v, shape); }

TEST(IntegerKernels, ArithmeticAndComparisonsStayInt64) {
  const Tensor a = ints({5, -3, 7, 0, 2, 9}, {2, 3}), row = ints({5, 1, 7}, {3});
  const Tensor eq = binary(Binary::eq, a, row);
  EXPECT_EQ(eq.dtype(), DType::i64);
  EXPECT_EQ(eq.to_vector<int64_t>(), (std::vector<int64_t>{1, 0, 1, 0, 0, 0}));
  EXPECT_EQ(binary(Binary::sub, a, row).to_vector<int64_t>(), (std::vector<int64_t>{0, -4, 0, -5, 1, 2}));
  EXPECT_EQ(binary(Binary::maximum, a, row).to_vector<int64_t>(), (std::vector<int64_t>{5, 1, 7, 5, 2, 9}));
  EXPECT_EQ(unary(Unary::abs, a).to_vector<int64_t>(), (std::vector<int64_t>{5, 3, 7, 0, 2, 9}));
  EXPECT_EQ(where(eq, a, row).to_vector<int64_t>(), (std::vector<int64_t>{5, 1, 7, 5, 1, 7}));
  // Sums are exact beyond 2⁵³, where a double accumulator would round.
  const int64_t big = (int64_t{1} << 60) + 1;
  EXPECT_EQ(reduce(Reduce::sum, ints({big, big, -1}, {3}), {}, false).item(), static_cast<double>(2 * big - 1));
  EXPECT_EQ(reduce(Reduce::sum, ints({big, big, -1}, {3}), {}, false).to_vector<int64_t>()[0], 2 * big - 1);
  EXPECT_EQ(reduce(Reduce::max, a, std::vector<int64_t>{0}, false).to_vector<int64_t>(), (std::vector<int64_t>{5, 2, 9}));
  EXPECT_EQ(reduce(Reduce::min, a, std::vector<int64_t>{1}, true).to_vector<int64_t>(), (std::vector<int64_t>{-3, 0}));
  EXPECT_EQ(argmax(a, 1, false).to_vector<int64_t>(), (std::vector<int64_t>{2, 2}));
}

TEST(IntegerKernels, MeanIsFloat32) {
  // The accuracy idiom: the mean of a 0/1 mask of int64 predictions against int64 labels.
  const Tensor correct = binary(Binary::eq, ints({1, 2, 0, 2}, {4}), ints({1, 0, 0, 2}, {4}));
  const Tensor accuracy = reduce(Reduce::mean, correct, {}, false);
  EXPECT_EQ(accuracy.dtype(), DType::f32);
  EXPECT_FLOAT_EQ(accuracy.item(), 0.75f);
  const Tensor rows = reduce(Reduce::mean, ints({1, 2, 4, 7}, {2, 2}), std::vector<int64_t>{1}, true);
  EXPECT_EQ(rows.shape(), (Shape{2, 1}));
  EXPECT_EQ(rows.to_vector<float>(), (std::vector<float>{1.5f, 5.5f}));
  EXPECT_TRUE(std::isnan(reduce(Reduce::mean, ints({}, {0}), {}, false).item()));
}

TEST(IntegerKernels, FloatOnlyOpsNameTheOpAndTheFix) {
  const Tensor a = ints({4, 2}, {2});
  EXPECT_EQ(error_of([&] { (void)binary(Binary::div, a, a); }),
            "div: needs a floating tensor, got int64[2] (convert with .to(DType::f32))");
  EXPECT_EQ(error_of([&] { (void)unary(Unary::exp, a); }),
            "exp: needs a floating tensor, got int64[2] (convert with .to(DType::f32))");
  EXPECT_EQ(error_of([&] { (void)binary(Binary::add, a, Tensor::zeros({2})); }),
            "add: dtypes differ: int64[2] and float32[2]");
}

TEST(IndexKernels, GatherAndScatterAddAgreeWithLoops) {
  Generator gen(1);
  const Tensor x = randn({3, 4, 2}, gen, 0, 1, DType::f64);
  const Tensor index = ints({2, 0, 1, 1, 0, 0, 2, 2, 1, 0, 1, 2}, {2, 3, 2});  // smaller than x outside dim 0
  const Tensor out = gather(x, 0, index);
  ASSERT_EQ(out.shape(), index.shape());
  Tensor expected_scatter = Tensor::zeros(x.shape(), DType::f64);
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j)
      for (int64_t k = 0; k < 2; ++k) {
        const auto at = static_cast<int64_t>(index.at({i, j, k}));
        EXPECT_EQ(out.at({i, j, k}), x.at({at, j, k})) << i << "," << j << "," << k;
        double* slot = expected_scatter.data<double>() + (at * 4 + j) * 2 + k;
        *slot += out.at({i, j, k});
      }
  EXPECT_EQ(scatter_add(out, 0, index, x.shape()).to_vector<double>(), expected_scatter.to_vector<double>());
  // A transposed (strided) source gathers the same as its contiguous copy.
  const Tensor xt = x.as_strided({4, 3, 2}, {2, 8, 1}, 0);
  const Tensor idx1 = ints({3, 0, 3, 1, 2, 2}, {1, 3, 2});
  EXPECT_EQ(gather(xt, 0, idx1).to_vector<double>(), gather(xt.clone(), 0, idx1).to_vector<double>());
}

TEST(IndexKernels, ErrorsNameTheIndexDimensionAndSize) {
  const Tensor x = Tensor::zeros({2, 2});
  EXPECT_EQ(error_of<std::out_of_range>([&] { (void)gather(x, 1, ints({0, 5, 1, 0}, {2, 2})); }),
            "gather: index 5 is out of bounds for dimension 1 with size 2");
  EXPECT_EQ(error_of([&] { (void)gather(x, 0, ints({0, 1}, {2})); }),
            "gather: index int64[2] must be int64 with the 2 dims of [2, 2]");
  EXPECT_EQ(error_of([&] { (void)gather(x, 0, ints({0, 1, 0}, {1, 3})); }),
            "gather: index [1, 3] is larger than [2, 2] in dimension 1");
  EXPECT_EQ(error_of([&] { (void)gather(x, 0, Tensor::zeros({2, 2})); }),
            "gather: index float32[2, 2] must be int64 with the 2 dims of [2, 2]");
}

}  // namespace
}  // namespace nabla
