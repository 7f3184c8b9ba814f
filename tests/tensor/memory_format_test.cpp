// Channels-last tensors: which tensors count as such, conversion, and elementwise ops that keep the layout
// (flat over the buffer) while giving the values of the plain layout, for mixed and broadcast operands too.
#include <gtest/gtest.h>

#include <nabla/tensor/kernels.h>
#include <nabla/tensor/memory_format.h>
#include <nabla/tensor/random.h>

namespace nabla {
namespace {

using namespace kernels;

Tensor sample(const Shape& shape, uint64_t seed) {
  Generator gen(seed);
  return randn(shape, gen);
}

TEST(MemoryFormat, ChannelsLastIsTheNhwcBufferOnly) {
  const Tensor plain = sample({2, 3, 4, 5}, 1);
  const Tensor cl = to_channels_last(plain);
  EXPECT_FALSE(is_channels_last(plain));
  EXPECT_TRUE(is_channels_last(cl));
  EXPECT_EQ(cl.shape(), plain.shape());
  EXPECT_EQ(cl.strides(), (Shape{60, 1, 15, 3}));
  EXPECT_EQ(cl.to_vector<float>(), plain.to_vector<float>());
  EXPECT_FALSE(is_channels_last(to_channels_last(sample({2, 1, 4, 5}, 2))));  // one channel: plain as well
  EXPECT_FALSE(is_channels_last(to_channels_last(sample({2, 3, 1, 1}, 3))));  // 1x1 planes: plain as well
  EXPECT_FALSE(is_channels_last(sample({2, 3, 4}, 4)));
  EXPECT_FALSE(is_channels_last(plain.as_strided({2, 3, 5, 4}, {60, 20, 1, 5}, 0)));  // another strided view
  EXPECT_THROW((void)to_channels_last(sample({3, 4}, 5)), std::invalid_argument);
  // A buffer already in channels-last order is returned as it is, not copied.
  EXPECT_EQ(to_channels_last(cl).data<float>(), cl.data<float>());
  const Tensor one_channel = sample({2, 1, 4, 5}, 11);
  EXPECT_EQ(to_channels_last(one_channel).data<float>(), one_channel.data<float>());
  EXPECT_TRUE(is_channels_last(empty_like_layout(cl)));
  EXPECT_TRUE(empty_like_layout(plain).is_contiguous());
}

TEST(MemoryFormat, ElementwiseOpsKeepChannelsLastAndThePlainValues) {
  const Tensor a = sample({2, 3, 4, 5}, 6), b = sample({2, 3, 4, 5}, 7);
  const Tensor ca = to_channels_last(a), cb = to_channels_last(b);
  const Tensor per_channel = sample({1, 3, 1, 1}, 8), row = sample({5}, 9), one = Tensor::scalar(0.5);
  struct Case {
    const char* what;
    Tensor got, want;
  };
  const std::vector<Case> cases{
      {"relu", unary(Unary::relu, ca), unary(Unary::relu, a)},
      {"add, both channels-last", binary(Binary::add, ca, cb), binary(Binary::add, a, b)},
      {"sub, channels-last and plain", binary(Binary::sub, ca, b), binary(Binary::sub, a, b)},
      {"sub, plain and channels-last", binary(Binary::sub, a, cb), binary(Binary::sub, a, b)},
      {"mul by a per-channel factor", binary(Binary::mul, ca, per_channel), binary(Binary::mul, a, per_channel)},
      {"div by a broadcast row", binary(Binary::div, ca, row), binary(Binary::div, a, row)},
      {"times a scalar", binary(Binary::mul, ca, one), binary(Binary::mul, a, one)},
      {"scalar minus", binary(Binary::sub, one, ca), binary(Binary::sub, one, a)},
      {"relu's backward", binary(Binary::zero_where_nonpositive, cb, ca), binary(Binary::zero_where_nonpositive, b, a)},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(is_channels_last(c.got)) << c.what;
    EXPECT_EQ(c.got.to_vector<float>(), c.want.to_vector<float>()) << c.what;
  }
  // Copies into a channels-last tensor from the plain layout and from another strided view.
  Tensor into = empty_channels_last(a.shape());
  into.copy_(a);
  EXPECT_EQ(into.to_vector<float>(), a.to_vector<float>());
  const Tensor wide = sample({2, 3, 4, 10}, 10), every_other = wide.as_strided({2, 3, 4, 5}, {120, 40, 10, 2}, 1);
  into.copy_(every_other);
  EXPECT_EQ(into.to_vector<float>(), every_other.to_vector<float>());
}

TEST(MemoryFormat, ViewsOfChannelsLastMemoryHaveTheirChannelsInnermost) {
  const Tensor cl = to_channels_last(sample({2, 6, 4, 5}, 13));
  EXPECT_TRUE(has_channels_innermost(cl));
  EXPECT_TRUE(has_channels_innermost(cl.as_strided({2, 3, 4, 5}, cl.strides(), 2)));  // channels 2..4
  EXPECT_TRUE(has_channels_innermost(cl.as_strided({2, 6, 2, 3}, {120, 1, 60, 12}, 0)));  // every other pixel
  EXPECT_FALSE(has_channels_innermost(sample({2, 6, 4, 5}, 14)));
  EXPECT_FALSE(has_channels_innermost(to_channels_last(sample({2, 1, 4, 5}, 15))));
  EXPECT_FALSE(has_channels_innermost(sample({6, 5}, 16)));
}

// Copies and fills walk a channels-last destination, or a view of one, in memory order, with the dimensions
// that allow it merged into long rows and the rows split over threads: the values are those of an element-wise
// loop, for a tensor large enough to be split.
TEST(MemoryFormat, CopiesAndFillsIntoChannelsLastViewsWriteEveryValue) {
  const Tensor src = sample({4, 24, 30, 30}, 17);  // 86,400 values: more than one thread's grain
  Tensor dst = empty_channels_last({4, 32, 30, 30});
  dst.fill_(-1);
  dst.as_strided({4, 24, 30, 30}, dst.strides(), 8).copy_(src);  // channels 8..31
  const std::vector<float> got = dst.to_vector<float>(), want = src.to_vector<float>();
  bool ok = true;
  for (int64_t n = 0; n < 4; ++n)
    for (int64_t c = 0; c < 32; ++c)
      for (int64_t p = 0; p < 900; ++p) {
        const float expect = c < 8 ? -1.0f : want[((n * 24 + c - 8) * 900) + p];
        ok = ok && got[(n * 32 + c) * 900 + p] == expect;
      }
  EXPECT_TRUE(ok);
}

// Channels-last statistics merge chunks of rows computed apart (batch_norm.cpp): against the float64 two-pass
// formula on the same values, for rows that end in a partial chunk and an offset 1000 times the spread, where
// E[x²] − E[x]² in float32 would lose every digit of the variance.
TEST(MemoryFormat, ChannelsLastBatchNormStatisticsMatchTheTwoPassFormula) {
  const Shape shape{3, 5, 17, 13};  // 663 rows: two full chunks of 256 and a partial one
  const Tensor x = binary(Binary::add, sample(shape, 12), Tensor::scalar(1000.0f));
  const std::vector<float> v = x.to_vector<float>();
  const int64_t c = shape[1], plane = shape[2] * shape[3], count = shape[0] * plane;
  for (const DType dtype : {DType::f32, DType::f64}) {
    const auto [mean, var] = batch_norm_stats(to_channels_last(x.to(dtype)));
    const std::vector<double> got_mean = mean.to(DType::f64).to_vector<double>(),
                              got_var = var.to(DType::f64).to_vector<double>();
    for (int64_t ch = 0; ch < c; ++ch) {
      double mu = 0, q = 0;
      for (int64_t i = 0; i < shape[0]; ++i)
        for (int64_t j = 0; j < plane; ++j) mu += v[(i * c + ch) * plane + j];
      mu /= static_cast<double>(count);
      for (int64_t i = 0; i < shape[0]; ++i)
        for (int64_t j = 0; j < plane; ++j) q += (v[(i * c + ch) * plane + j] - mu) * (v[(i * c + ch) * plane + j] - mu);
      const double tol = dtype == DType::f32 ? 1e-5 : 1e-12;
      EXPECT_NEAR(got_mean[ch], mu, tol * 1000) << "channel " << ch;
      EXPECT_NEAR(got_var[ch], q / static_cast<double>(count), tol) << "channel " << ch;
    }
  }
}

}  // namespace
}  // namespace nabla
