// Gradients and reductions at the edges, against the values PyTorch 1.13 gives (printed by torch in
// the comments): x⁰ and x¹ at 0, pow's exponent gradient at a base of 0, ReLU at NaN (plain and fused
// with max pooling), and means over no elements.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/gradcheck.h>
#include <nabla/autograd/ops.h>

namespace nabla {
namespace {

using V = const std::vector<Tensor>&;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr float kNan = std::numeric_limits<float>::quiet_NaN();

Tensor leaf(std::initializer_list<double> v) {
  return Tensor::from_list(v, {static_cast<int64_t>(v.size())}, DType::f64).set_requires_grad();
}

void expect_gradcheck(const TensorFunction& f, const std::vector<Tensor>& xs, bool second_order = false) {
  const GradcheckResult r = second_order ? gradgradcheck(f, xs) : gradcheck(f, xs);
  EXPECT_TRUE(r.ok) << "max error " << r.max_error << "\n" << r.report;
}

TEST(EdgeNumerics, PowerZeroHasGradientZeroAtZero) {
  // torch: x.pow(0.0) at [0, 2] has gradient [0, 0]
  const Tensor x = leaf({0, 2});
  backward(sum(pow(x, 0.0)));
  EXPECT_EQ(x.grad().to_vector<double>(), (std::vector<double>{0, 0}));
  expect_gradcheck([](V v) { return pow(v[0], 0.0); }, {leaf({0, -1.5, 2})});
}

TEST(EdgeNumerics, SecondDerivativeOfPowerOneIsZeroAtZero) {
  // torch: d²/dx² x.pow(1.0) at [0, 2] is [0, 0]
  const Tensor x = leaf({0, 2});
  const Tensor g = grad(sum(pow(x, 1.0)), {x}, {}, true)[0];
  EXPECT_EQ(g.to_vector<double>(), (std::vector<double>{1, 1}));
  EXPECT_EQ(grad(sum(g), {x})[0].to_vector<double>(), (std::vector<double>{0, 0}));
  expect_gradcheck([](V v) { return pow(v[0], 1.0); }, {leaf({0, -1.5, 2})}, true);
  // The same through a tensor exponent of 1.
  const Tensor one = Tensor::from_list({1, 1}, {2}, DType::f64);
  const Tensor gt = grad(sum(pow(x, one)), {x}, {}, true)[0];
  EXPECT_EQ(grad(sum(gt), {x})[0].to_vector<double>(), (std::vector<double>{0, 0}));
}

TEST(EdgeNumerics, PowOfTwoTensorsAtABaseOfZero) {
  // torch: a = [0, 0, 0, 2], b = [2, 0, −1, 3]: a.pow(b) = [0, 1, inf, 8],
  // ∂/∂a = [0, 0, −inf, 12], ∂/∂b = [0, 0, −inf, 8·ln 2]
  const Tensor a = leaf({0, 0, 0, 2}), b = leaf({2, 0, -1, 3});
  backward(sum(pow(a, b)));
  EXPECT_EQ(a.grad().to_vector<double>(), (std::vector<double>{0, 0, -kInf, 12}));
  const std::vector<double> db = b.grad().to_vector<double>();
  EXPECT_EQ(db[0], 0);
  EXPECT_EQ(db[1], 0);
  EXPECT_EQ(db[2], -kInf);
  EXPECT_NEAR(db[3], 8 * std::log(2.0), 1e-14);
  // Where both one-sided differences exist: a = 0 with b = 2 and 3, b = 0 with a = 1.5.
  expect_gradcheck([](V v) { return pow(v[0], v[1]); }, {leaf({0, 0, 1.5}), leaf({2, 3, 0})});
}

TEST(EdgeNumerics, ReluPassesTheGradientAtNaN) {
  // torch: relu([nan, −1, 0, 1]) = [nan, 0, 0, 1], its gradient for an incoming 5 is [5, 0, 0, 5]
  const Tensor x = Tensor::from_list({kNan, -1, 0, 1}, {4}).set_requires_grad();
  const Tensor y = relu(x);
  EXPECT_TRUE(std::isnan(y.to_vector<float>()[0]));
  backward(y, Tensor::full({4}, 5.0f));
  EXPECT_EQ(x.grad().to_vector<float>(), (std::vector<float>{5, 0, 0, 5}));
}

TEST(EdgeNumerics, FusedReluMaxPoolPassesTheGradientAtNaN) {
  // torch: max_pool2d(relu(x), 2) of [[nan, 1], [−1, 0.5]] is nan; an incoming 3 reaches the NaN
  const Tensor x = Tensor::from_list({kNan, 1, -1, 0.5f}, {1, 1, 2, 2}).set_requires_grad();
  const Tensor y = relu_max_pool2d(x);
  EXPECT_TRUE(std::isnan(y.item()));
  backward(y, Tensor::full({1, 1, 1, 1}, 3.0f));
  EXPECT_EQ(x.grad().to_vector<float>(), (std::vector<float>{3, 0, 0, 0}));
}

TEST(EdgeNumerics, MeanOfNothingIsNaN) {
  // torch: torch.empty(0).mean() is nan with an empty gradient; empty(0, 3).mean(0) and
  // empty(3, 0).mean(1) are [nan, nan, nan]; sums over nothing are 0
  const Tensor e = Tensor::zeros({0}, DType::f64).set_requires_grad();
  const Tensor m = mean(e);
  EXPECT_TRUE(std::isnan(m.item()));
  backward(m);
  EXPECT_EQ(e.grad().shape(), (Shape{0}));
  for (const auto& [shape, dim] : {std::pair{Shape{0, 3}, int64_t{0}}, std::pair{Shape{3, 0}, int64_t{1}}}) {
    const std::vector<double> v = mean(Tensor::zeros(shape, DType::f64), {dim}).to_vector<double>();
    ASSERT_EQ(v.size(), 3u);
    for (double x : v) EXPECT_TRUE(std::isnan(x)) << shape_str(shape);
  }
  EXPECT_EQ(sum(Tensor::zeros({0}, DType::f64)).item(), 0);
}

TEST(EdgeNumerics, LogSumExpOfInfinitiesAndOfNothing) {
  // torch: logsumexp([-inf, -inf], 0) = -inf with gradient [nan, nan]; logsumexp([inf, 1], 0) = inf with
  // gradient [nan, 0]; logsumexp(empty(0), 0) = -inf; logsumexp(empty(2, 0), 1) = [-inf, -inf]
  const Tensor low = leaf({-kInf, -kInf});
  const Tensor l = logsumexp(low, {0});
  EXPECT_EQ(l.item(), -kInf);
  backward(l);
  for (double g : low.grad().to_vector<double>()) EXPECT_TRUE(std::isnan(g));
  const Tensor high = leaf({kInf, 1});
  const Tensor h = logsumexp(high, {0});
  EXPECT_EQ(h.item(), kInf);
  backward(h);
  EXPECT_TRUE(std::isnan(high.grad().to_vector<double>()[0]));
  EXPECT_EQ(high.grad().to_vector<double>()[1], 0);
  EXPECT_EQ(logsumexp(Tensor::zeros({0}, DType::f64), {0}).item(), -kInf);
  EXPECT_EQ(logsumexp(Tensor::zeros({2, 0}, DType::f64), {1}).to_vector<double>(), (std::vector<double>{-kInf, -kInf}));
}

TEST(EdgeNumerics, VarianceWithNoDegreesOfFreedomLeft) {
  // torch: var([1, 2], 0, correction=3) = inf (a divisor of max(2 - 3, 0) = 0); var([3, 3], 0,
  // correction=2) = nan (0/0); var([1, 2, 4], 0, unbiased=False) = 1.5556
  EXPECT_EQ(var(leaf({1, 2}), {0}, 3).item(), kInf);
  EXPECT_TRUE(std::isnan(var(leaf({3, 3}), {0}, 2).item()));
  EXPECT_NEAR(var(leaf({1, 2, 4}), {0}, false).item(), 14.0 / 9.0, 1e-15);
}

}  // namespace
}  // namespace nabla
