// Elementwise, reduction, softmax and matmul kernels against direct loops, and their shape errors.
#include <gtest/gtest.h>

#include "../common/error_of.h"

#include <cmath>
#include <limits>

#include <nabla/tensor/kernels.h>
#include <nabla/tensor/random.h>
#include <nabla/tensor/threads.h>

namespace nabla {
namespace {

using namespace kernels;

using nabla::test::error_of;

TEST(Elementwise, BroadcastingMatchesDirectLoops) {
  Generator gen(1);
  const Tensor a = randn({4, 1, 3}, gen), b = randn({5, 1}, gen);
  const Tensor out = binary(Binary::mul, a, b);
  ASSERT_EQ(out.shape(), (Shape{4, 5, 3}));
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 5; ++j)
      for (int64_t k = 0; k < 3; ++k) EXPECT_FLOAT_EQ(out.at({i, j, k}), a.at({i, 0, k}) * b.at({j, 0}));
}

TEST(Elementwise, LargeTensorsTakeTheThreadedPathAndAgree) {
  Generator gen(2);
  const Tensor a = randn({1 << 20}, gen), b = randn({1 << 20}, gen);
  const Tensor out = binary(Binary::sub, a, b);
  const auto va = a.to_vector<float>(), vb = b.to_vector<float>(), vo = out.to_vector<float>();
  for (std::size_t i = 0; i < vo.size(); i += 997) EXPECT_EQ(vo[i], va[i] - vb[i]);
}

TEST(Elementwise, StableActivationsAtExtremes) {
  const Tensor x = Tensor::from_list({-1000, -1, 0, 1, 1000}, {5});
  const auto s = unary(Unary::sigmoid, x).to_vector<float>();
  EXPECT_EQ(s[0], 0.f);
  EXPECT_EQ(s[4], 1.f);
  EXPECT_FLOAT_EQ(s[1], 1 / (1 + std::exp(1.f)));
  const auto sp = unary(Unary::softplus, x).to_vector<float>();
  EXPECT_EQ(sp[4], 1000.f);
  EXPECT_EQ(sp[0], 0.f);
  EXPECT_FLOAT_EQ(sp[2], std::log(2.f));
}

TEST(Elementwise, WhereAndComparisonsAndClamp) {
  const Tensor a = Tensor::from_list({1, 5, 3}, {3}), b = Tensor::from_list({2, 2, 3}, {3});
  EXPECT_EQ(binary(Binary::ge, a, b).to_vector<float>(), (std::vector<float>{0, 1, 1}));
  EXPECT_EQ(where(binary(Binary::lt, a, b), a, b).to_vector<float>(), (std::vector<float>{1, 2, 3}));
  EXPECT_EQ(clamp(a, 2, 4).to_vector<float>(), (std::vector<float>{2, 4, 3}));
}

TEST(Elementwise, ReluKeepsNaNLikePyTorch) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> r = unary(Unary::relu, Tensor::from_list({nan, -1, 0, 2}, {4})).to_vector<float>();
  EXPECT_TRUE(std::isnan(r[0]));
  EXPECT_EQ(r[1], 0);
  EXPECT_EQ(r[2], 0);
  EXPECT_EQ(r[3], 2);
}

TEST(Elementwise, ZeroWhereNonpositiveMasksLikeReluBackward) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const Tensor g = Tensor::from_list({1, 2, nan, 4, 5, 6}, {6}), x = Tensor::from_list({-1, 0, -3, 0.5f, 2, nan}, {6});
  // Like PyTorch's threshold_backward: where x <= 0 the result is 0 even for a NaN gradient, and a NaN
  // x (not <= 0) lets the gradient through.
  EXPECT_EQ(binary(Binary::zero_where_nonpositive, g, x).to_vector<float>(), (std::vector<float>{0, 0, 0, 4, 5, 6}));
}

TEST(Elementwise, ErrorsNameOpAndShapes) {
  EXPECT_EQ(error_of([] { (void)binary(Binary::add, Tensor::zeros({2, 3}), Tensor::zeros({4})); }),
            "add: shapes [2, 3] and [4] do not broadcast (dimension 1: 3 vs 4)");
  EXPECT_EQ(error_of([] { (void)binary(Binary::mul, Tensor::zeros({2}), Tensor::zeros({2}, DType::f64)); }),
            "mul: dtypes differ: float32[2] and float64[2]");
}

TEST(Reduce, SumMeanMaxOverAxes) {
  const Tensor x = Tensor::from_list({1, 2, 3, 4, 5, 6}, {2, 3});
  const std::vector<int64_t> d0{0}, d1{1};
  EXPECT_EQ(reduce(Reduce::sum, x, d0, false).to_vector<float>(), (std::vector<float>{5, 7, 9}));
  EXPECT_EQ(reduce(Reduce::sum, x, d1, true).shape(), (Shape{2, 1}));
  EXPECT_EQ(reduce(Reduce::mean, x, d1, false).to_vector<float>(), (std::vector<float>{2, 5}));
  EXPECT_EQ(reduce(Reduce::max, x, d0, false).to_vector<float>(), (std::vector<float>{4, 5, 6}));
  EXPECT_EQ(reduce(Reduce::min, x, {}, false).item(), 1);
  EXPECT_EQ(argmax(x, 1, false).to_vector<int64_t>(), (std::vector<int64_t>{2, 2}));
  // A strided (transposed) input reduces the same as its contiguous copy.
  const Tensor t = x.as_strided({3, 2}, {1, 3}, 0);
  EXPECT_EQ(reduce(Reduce::sum, t, d1, false).to_vector<float>(), (std::vector<float>{5, 7, 9}));
}

// Sums over (N, H, W) of an (N, C, H, W) tensor, the bias gradient of a convolution, against direct
// loops, and independent of the thread count.
TEST(Reduce, SumOverOuterAndInnerAxesMatchesDirectLoops) {
  Generator gen(2);
  const Tensor x = randn({64, 32, 28, 28}, gen);
  const std::vector<int64_t> dims{0, 2, 3};
  const std::vector<float> data = x.to_vector<float>();
  std::vector<double> expected(32, 0.0);
  for (std::size_t i = 0; i < data.size(); ++i) expected[(i / (28 * 28)) % 32] += data[i];
  const int saved_threads = num_threads();
  std::vector<std::vector<float>> sums;
  for (const int threads : {1, 2}) {
    set_num_threads(threads);
    sums.push_back(reduce(Reduce::sum, x, dims, false).to_vector<float>());
    const std::vector<float> mean = reduce(Reduce::mean, x, dims, true).to_vector<float>();
    for (int64_t c = 0; c < 32; ++c) {
      EXPECT_NEAR(sums.back()[c], expected[c], 1e-3) << "channel " << c << ", " << threads << " threads";
      EXPECT_NEAR(mean[c], expected[c] / (64 * 28 * 28), 1e-7) << "channel " << c;
    }
  }
  set_num_threads(saved_threads);
  EXPECT_EQ(sums[0], sums[1]);
}

TEST(Reduce, LongFloatSumsKeepAccuracy) {
  const Tensor x = Tensor::full({10'000'000}, 0.1);
  EXPECT_NEAR(reduce(Reduce::sum, x, {}, false).item(), 1e6, 1.0);  // float accumulation would be ~1e5 off
}

TEST(Softmax, StableAndNormalised) {
  const Tensor x = Tensor::from_list({1000, 1001, 1002, -5, 0, 5}, {2, 3});
  const Tensor s = softmax(x, 1, false);
  const Tensor ls = softmax(x, 1, true);
  for (int64_t r = 0; r < 2; ++r) {
    double total = 0;
    for (int64_t c = 0; c < 3; ++c) {
      total += s.at({r, c});
      EXPECT_NEAR(std::exp(ls.at({r, c})), s.at({r, c}), 1e-6);
    }
    EXPECT_NEAR(total, 1, 1e-6);
  }
  EXPECT_NEAR(ls.at({0, 2}), -std::log(1 + std::exp(-1.0) + std::exp(-2.0)), 1e-5);
}

TEST(OneHot, RejectsLabelsOutOfRange) {
  const Tensor ok = one_hot(Tensor::from_vector(std::vector<int64_t>{2, 0}, {2}), 3, DType::f32);
  EXPECT_EQ(ok.to_vector<float>(), (std::vector<float>{0, 0, 1, 1, 0, 0}));
  EXPECT_EQ(error_of([] { (void)one_hot(Tensor::from_vector(std::vector<int64_t>{1, 3}, {2}), 3, DType::f32); }),
            "one_hot: label 3 at index 1 is outside [0, 3)");
}

void expect_matmul_matches_loops(const Tensor& a, const Tensor& b, bool ta, bool tb) {
  const Tensor out = matmul(a, b, ta, tb);
  const int64_t m = out.shape()[0], n = out.shape()[1], k = ta ? a.shape()[0] : a.shape()[1];
  for (int64_t i = 0; i < m; i += 7)
    for (int64_t j = 0; j < n; j += 5) {
      double s = 0;
      for (int64_t p = 0; p < k; ++p) s += (ta ? a.at({p, i}) : a.at({i, p})) * (tb ? b.at({j, p}) : b.at({p, j}));
      EXPECT_NEAR(out.at({i, j}), s, 1e-4 * (1 + std::abs(s))) << i << "," << j;
    }
}

TEST(Matmul, AgreesWithLoopsForAllTranspositions) {
  Generator gen(3);
  const Tensor a = randn({130, 70}, gen), b = randn({70, 90}, gen);
  const Tensor at = randn({70, 130}, gen), bt = randn({90, 70}, gen);
  expect_matmul_matches_loops(a, b, false, false);
  expect_matmul_matches_loops(at, b, true, false);
  expect_matmul_matches_loops(a, bt, false, true);
  expect_matmul_matches_loops(at, bt, true, true);
  // Large enough for the threaded split of rows and of columns.
  expect_matmul_matches_loops(randn({512, 256}, gen), randn({256, 64}, gen), false, false);
  expect_matmul_matches_loops(randn({32, 256}, gen), randn({256, 1024}, gen), false, false);
}

TEST(Matmul, BatchedWithBroadcastAndVectors) {
  Generator gen(4);
  const Tensor a = randn({2, 1, 3, 4}, gen, 0, 1, DType::f64), b = randn({5, 4, 2}, gen, 0, 1, DType::f64);
  const Tensor out = matmul(a, b);
  ASSERT_EQ(out.shape(), (Shape{2, 5, 3, 2}));
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 5; ++j)
      for (int64_t r = 0; r < 3; ++r)
        for (int64_t c = 0; c < 2; ++c) {
          double s = 0;
          for (int64_t p = 0; p < 4; ++p) s += a.at({i, 0, r, p}) * b.at({j, p, c});
          EXPECT_NEAR(out.at({i, j, r, c}), s, 1e-12);
        }
  const Tensor v = Tensor::from_list({1, 2}, {2}, DType::f64);
  EXPECT_EQ(matmul(v, v).shape(), Shape{});
  EXPECT_DOUBLE_EQ(matmul(v, v).item(), 5);
}

TEST(Matmul, ErrorNamesBothShapes) {
  EXPECT_EQ(error_of([] { (void)matmul(Tensor::zeros({64, 784}), Tensor::zeros({100, 10})); }),
            "matmul: [64, 784] @ [100, 10]: inner sizes 784 != 100");
}

}  // namespace
}  // namespace nabla
