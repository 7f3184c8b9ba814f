// Initialiser statistics, fans and gains against torch.nn.init's formulas.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/nn/init.h>

namespace nabla::nn::init {
namespace {

struct Moments {
  double min, max, mean, var;
};

Moments moments(const Tensor& t) {
  const std::vector<double> v = t.to_vector<double>();
  Moments m{INFINITY, -INFINITY, 0, 0};
  for (double x : v) m.min = std::min(m.min, x), m.max = std::max(m.max, x), m.mean += x;
  m.mean /= static_cast<double>(v.size());
  for (double x : v) m.var += (x - m.mean) * (x - m.mean);
  m.var /= static_cast<double>(v.size());
  return m;
}

TEST(Init, FansFollowTorch) {
  EXPECT_EQ(fan_in_and_fan_out({256, 784}), (std::pair<int64_t, int64_t>{784, 256}));
  EXPECT_EQ(fan_in_and_fan_out({64, 32, 3, 3}), (std::pair<int64_t, int64_t>{32 * 9, 64 * 9}));
  EXPECT_THROW((void)fan_in_and_fan_out({10}), std::invalid_argument);
}

TEST(Init, GainsFollowTorch) {
  EXPECT_EQ(calculate_gain(Nonlinearity::linear), 1);
  EXPECT_EQ(calculate_gain(Nonlinearity::sigmoid), 1);
  EXPECT_DOUBLE_EQ(calculate_gain(Nonlinearity::tanh), 5.0 / 3.0);
  EXPECT_DOUBLE_EQ(calculate_gain(Nonlinearity::relu), std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(calculate_gain(Nonlinearity::leaky_relu, 0.2), std::sqrt(2.0 / 1.04));
}

TEST(Init, XavierUniformStaysInsideItsBoundWithVarianceBoundSquaredOverThree) {
  Generator gen(1);
  const Tensor w = Tensor::empty({200, 300});
  xavier_uniform_(w, gen);
  const double bound = std::sqrt(6.0 / 500);
  const Moments m = moments(w);
  EXPECT_GE(m.min, -bound);
  EXPECT_LE(m.max, bound);
  EXPECT_GT(m.max, 0.99 * bound);  // 60000 draws reach the edges
  // 60000 draws: the variance estimate's relative standard error is about √(0.8/60000) ≈ 0.4 %.
  EXPECT_NEAR(m.var, bound * bound / 3, 0.02 * bound * bound / 3);
  EXPECT_NEAR(m.mean, 0, 0.01 * bound);
}

TEST(Init, XavierNormalHasItsStandardDeviation) {
  Generator gen(2);
  const Tensor w = Tensor::empty({16, 8, 5, 5}, DType::f64);
  xavier_normal_(w, gen, 2.0);
  const double std = 2.0 * std::sqrt(2.0 / ((8 + 16) * 25));
  EXPECT_NEAR(std::sqrt(moments(w).var), std, 0.02 * std);  // 3200 draws: relative error ≈ 1.3 %
}

TEST(Init, KaimingUniformAndNormalUseTheChosenFan) {
  Generator gen(3);
  const Tensor w = Tensor::empty({100, 400});
  kaiming_uniform_(w, gen, {.mode = FanMode::fan_out, .nonlinearity = Nonlinearity::relu});
  const double bound = std::sqrt(2.0) * std::sqrt(3.0 / 100);
  Moments m = moments(w);
  EXPECT_GE(m.min, -bound);
  EXPECT_LE(m.max, bound);
  EXPECT_NEAR(m.var, bound * bound / 3, 0.02 * bound * bound / 3);

  kaiming_normal_(w, gen, {.a = 0.1});
  const double std = std::sqrt(2.0 / 1.01) / std::sqrt(400.0);
  m = moments(w);
  EXPECT_NEAR(std::sqrt(m.var), std, 0.01 * std);
}

TEST(Init, TorchDefaultIsKaimingUniformWithASqrt5) {
  // kaiming_uniform_(a = √5): gain √(2/6), bound gain·√(3/fan_in) = 1/√fan_in.
  Generator gen(4);
  const Tensor w = Tensor::empty({10, 25});
  kaiming_uniform_(w, gen, {.a = std::sqrt(5.0)});
  EXPECT_LE(moments(w).max, 1.0 / 5);
  EXPECT_GT(moments(w).max, 0.95 / 5);
}

TEST(Init, SameSeedSameValues) {
  Generator a(9), b(9);
  const Tensor x = Tensor::empty({4, 4}), y = Tensor::empty({4, 4});
  xavier_uniform_(x, a);
  xavier_uniform_(y, b);
  EXPECT_EQ(x.to_vector<float>(), y.to_vector<float>());
}

TEST(Init, ZerosAndConstant) {
  const Tensor w = Tensor::ones({3, 2});
  constant_(w, 0.5);
  EXPECT_EQ(w.to_vector<float>(), std::vector<float>(6, 0.5f));
  zeros_(w);
  EXPECT_EQ(w.to_vector<float>(), std::vector<float>(6, 0.0f));
}

}  // namespace
}  // namespace nabla::nn::init
