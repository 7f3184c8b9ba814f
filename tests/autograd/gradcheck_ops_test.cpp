// Finite-difference gradient checks for every differentiable op, in float64, with broadcasting and views.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/gradcheck.h>
#include <nabla/autograd/ops.h>
#include <nabla/tensor/random.h>

namespace nabla {
namespace {

Tensor input(const Shape& shape, uint64_t seed, double lo = -1, double hi = 1) {
  Generator gen(seed);
  return rand(shape, gen, lo, hi, DType::f64).set_requires_grad();
}

void expect_gradcheck(const TensorFunction& f, const std::vector<Tensor>& xs, const GradcheckOptions& o = {}) {
  const GradcheckResult r = gradcheck(f, xs, o);
  EXPECT_TRUE(r.ok) << "max error " << r.max_error << "\n" << r.report;
}

using V = const std::vector<Tensor>&;

TEST(Gradcheck, BinaryOpsWithBroadcasting) {
  const Tensor a = input({3, 4}, 1), row = input({4}, 2), col = input({3, 1}, 3);
  const Tensor positive = input({3, 1}, 4, 0.5, 2.0);
  expect_gradcheck([](V x) { return add(x[0], x[1]); }, {a, row});
  expect_gradcheck([](V x) { return sub(x[0], x[1]); }, {a, col});
  expect_gradcheck([](V x) { return mul(x[0], x[1]); }, {a, row});
  expect_gradcheck([](V x) { return div(x[0], x[1]); }, {a, positive});
  expect_gradcheck([](V x) { return pow(x[0], x[1]); }, {positive, a});
  expect_gradcheck([](V x) { return minimum(x[0], x[1]); }, {a, row});
  expect_gradcheck([](V x) { return maximum(x[0], x[1]); }, {a, col});
  expect_gradcheck([](V x) { return x[0] * 3.0 - 2.0 / (x[1] + 4.0); }, {a, row});
}

TEST(Gradcheck, UnaryOpsAndActivations) {
  const Tensor x = input({2, 5}, 5), pos = input({2, 5}, 6, 0.2, 3.0);
  expect_gradcheck([](V v) { return neg(v[0]); }, {x});
  expect_gradcheck([](V v) { return exp(v[0]); }, {x});
  expect_gradcheck([](V v) { return log(v[0]); }, {pos});
  expect_gradcheck([](V v) { return sqrt(v[0]); }, {pos});
  expect_gradcheck([](V v) { return abs(v[0]); }, {x});
  expect_gradcheck([](V v) { return sin(v[0]); }, {x});
  expect_gradcheck([](V v) { return cos(v[0]); }, {x});
  expect_gradcheck([](V v) { return pow(v[0], 3.0); }, {x});
  expect_gradcheck([](V v) { return clamp(v[0], -0.5, 0.5); }, {x});
  expect_gradcheck([](V v) { return relu(v[0]); }, {x});
  expect_gradcheck([](V v) { return sigmoid(v[0]); }, {x});
  expect_gradcheck([](V v) { return tanh(v[0]); }, {x});
  expect_gradcheck([](V v) { return softplus(v[0]); }, {x});
  expect_gradcheck([](V v) { return softmax(v[0], 1); }, {x});
  expect_gradcheck([](V v) { return softmax(v[0], 0); }, {x});
  expect_gradcheck([](V v) { return log_softmax(v[0], -1); }, {x});
}

TEST(Gradcheck, Where) {
  const Tensor a = input({3, 4}, 7), b = input({4}, 8);
  const Tensor cond = gt(input({3, 4}, 9).detach(), Tensor::scalar(0, DType::f64));
  expect_gradcheck([cond](V v) { return where(cond, v[0], v[1]); }, {a, b});
}

TEST(Gradcheck, Reductions) {
  const Tensor x = input({2, 3, 4}, 10);
  expect_gradcheck([](V v) { return sum(v[0]); }, {x});
  expect_gradcheck([](V v) { return sum(v[0], {1}); }, {x});
  expect_gradcheck([](V v) { return sum(v[0], {0, 2}, true); }, {x});
  expect_gradcheck([](V v) { return mean(v[0], {-1}); }, {x});
  expect_gradcheck([](V v) { return mean(v[0]); }, {x});
  expect_gradcheck([](V v) { return max(v[0], 1); }, {x});
  expect_gradcheck([](V v) { return max(v[0], 2, true); }, {x});
  expect_gradcheck([](V v) { return min(v[0], 0); }, {x});
  expect_gradcheck([](V v) { return min(v[0]); }, {x});
  expect_gradcheck([](V v) { return max(v[0]); }, {x});
  expect_gradcheck([](V v) { return logsumexp(v[0], {1}); }, {x});
  expect_gradcheck([](V v) { return logsumexp(v[0], {0, 2}, true); }, {x});
  expect_gradcheck([](V v) { return logsumexp(v[0]); }, {x});
  expect_gradcheck([](V v) { return var(v[0], {1}); }, {x});
  expect_gradcheck([](V v) { return var(v[0], {0, 2}, 0, true); }, {x});
  expect_gradcheck([](V v) { return var(v[0]); }, {x});
  expect_gradcheck([](V v) { return nabla::std(v[0], {2}); }, {x});
  expect_gradcheck([](V v) { return nabla::std(v[0], {}, 0); }, {x});
  expect_gradcheck([](V v) { return sum_to(v[0], {3, 1}); }, {x});
}

TEST(Gradcheck, ViewsAndShapes) {
  const Tensor x = input({2, 3, 4}, 11), y = input({2, 2, 4}, 12);
  expect_gradcheck([](V v) { return reshape(v[0], {4, -1}); }, {x});
  expect_gradcheck([](V v) { return flatten(v[0]); }, {x});
  expect_gradcheck([](V v) { return transpose(v[0], 0, 2); }, {x});
  expect_gradcheck([](V v) { return permute(v[0], {1, 2, 0}); }, {x});
  expect_gradcheck([](V v) { return slice(v[0], 2, 1, 4, 2); }, {x});
  expect_gradcheck([](V v) { return slice(v[0], 1, -2, 3); }, {x});
  expect_gradcheck([](V v) { return expand(slice(v[0], 1, 0, 1), {3, 2, 3, 4}); }, {x});
  expect_gradcheck([](V v) { return unsqueeze(v[0], 1); }, {x});
  expect_gradcheck([](V v) { return cat({v[0], v[1]}, 1); }, {x, y});
  // A view of a view, reshaped after a transpose (which forces a copy).
  expect_gradcheck([](V v) { return reshape(transpose(slice(v[0], 0, 1, 2), 1, 2), {-1}); }, {x});
}

TEST(Gradcheck, GatherAndIndexSelect) {
  const Tensor x = input({3, 4}, 31);
  // Repeated indices: their gradients add up.
  const Tensor rows = Tensor::from_vector(std::vector<int64_t>{2, 0, 2, 2, 1, 1, 0, 2}, {2, 4});
  const Tensor cols = Tensor::from_vector(std::vector<int64_t>{3, 3, 0, 1, 2, 0}, {3, 2});
  const Tensor pick = Tensor::from_vector(std::vector<int64_t>{1, 3, 1}, {3});
  expect_gradcheck([rows](V v) { return gather(v[0], 0, rows); }, {x});
  expect_gradcheck([cols](V v) { return gather(v[0], -1, cols); }, {x});
  expect_gradcheck([pick](V v) { return index_select(v[0], 1, pick); }, {x});
  expect_gradcheck([pick](V v) { return index_select(v[0], 0, slice(pick, 0, 0, 1)); }, {x});
}

TEST(Gradcheck, Matmul) {
  expect_gradcheck([](V v) { return matmul(v[0], v[1]); }, {input({3, 4}, 13), input({4, 5}, 14)});
  expect_gradcheck([](V v) { return matmul(v[0], v[1]); }, {input({2, 3, 4}, 15), input({4, 2}, 16)});
  expect_gradcheck([](V v) { return matmul(v[0], v[1]); }, {input({2, 1, 3, 4}, 17), input({3, 4, 2}, 18)});
  expect_gradcheck([](V v) { return matmul(v[0], v[1]); }, {input({4}, 19), input({4, 3}, 20)});
  expect_gradcheck([](V v) { return matmul(v[0], v[1]); }, {input({3, 4}, 21), input({4}, 22)});
  expect_gradcheck([](V v) { return matmul(v[0], v[1]); }, {input({4}, 23), input({4}, 24)});
  // Transposed views go to the BLAS without a copy.
  expect_gradcheck([](V v) { return matmul(transpose(v[0], 0, 1), v[1]); }, {input({4, 3}, 25), input({4, 2}, 26)});
}

TEST(Gradcheck, Linear) {
  const Tensor w = input({3, 4}, 60), b = input({3}, 61);
  expect_gradcheck([](V v) { return linear(v[0], v[1], v[2]); }, {input({5, 4}, 62), w, b});
  expect_gradcheck([](V v) { return linear(v[0], v[1]); }, {input({2, 5, 4}, 63), w});
  expect_gradcheck([](V v) { return linear(v[0], v[1], v[2]); }, {input({4}, 64), w, b});
}

TEST(Gradcheck, Conv2dAndPooling) {
  const Tensor x = input({2, 3, 6, 5}, 27), w = input({4, 3, 3, 2}, 28), b = input({4}, 29);
  expect_gradcheck([](V v) { return conv2d(v[0], v[1], v[2]); }, {x, w, b});
  expect_gradcheck(
      [](V v) { return conv2d(v[0], v[1], v[2], {.stride = {1, 2}, .padding = {2, 1}, .dilation = {2, 1}}); },
      {x, w, b});
  expect_gradcheck([](V v) { return conv2d(v[0], v[1], v[2], {.stride = {2, 1}, .padding = {1, 2}}); },
                   {x, w, b});
  // Grouped: 4 input channels in 2 groups, 6 outputs (weight (6, 2, 3, 3)); depthwise: one per channel.
  expect_gradcheck([](V v) { return conv2d(v[0], v[1], v[2], {.padding = 1}, 2); },
                   {input({2, 4, 5, 4}, 70), input({6, 2, 3, 3}, 71), input({6}, 72)});
  expect_gradcheck([](V v) { return conv2d(v[0], v[1], Tensor(), {.stride = 2, .dilation = 2}, 3); },
                   {input({2, 3, 7, 6}, 73), input({3, 1, 2, 2}, 74)});
  expect_gradcheck([](V v) { return max_pool2d(v[0]); }, {x});
  expect_gradcheck([](V v) { return max_pool2d(v[0], {.kernel = {3, 2}, .stride = {2, 1}, .padding = {1, 0}}); }, {x});
  expect_gradcheck([](V v) { return relu_max_pool2d(v[0]); }, {x});
  expect_gradcheck([](V v) { return relu_max_pool2d(v[0], {.kernel = {3, 2}, .stride = {2, 1}, .padding = {1, 0}}); }, {x});
  expect_gradcheck([](V v) { return avg_pool2d(v[0]); }, {x});
  expect_gradcheck([](V v) { return avg_pool2d(v[0], {.kernel = 3, .stride = {1, 2}, .padding = 1}); }, {x});
}

// The fused op is max_pool2d(relu(x)) exactly: values and gradients, with all-negative windows (ties at 0
// after ReLU) and NaNs (ReLU keeps them, pooling lets them win).
TEST(ReluMaxPool2d, EqualsReluThenMaxPool) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> v{-3, -1, -2, -4, 5, -1, 2, 0, nan, 1, -1, 7, 0.5f, 0.25f, 3, -6};
  for (const kernels::Pool2dGeometry& geo :
       {kernels::Pool2dGeometry{}, kernels::Pool2dGeometry{.kernel = 3, .stride = 1, .padding = 1}}) {
    const Tensor a = Tensor::from_vector(v, {1, 1, 4, 4}).set_requires_grad();
    const Tensor b = Tensor::from_vector(v, {1, 1, 4, 4}).set_requires_grad();
    const Tensor fused = relu_max_pool2d(a, geo), plain = max_pool2d(relu(b), geo);
    const std::vector<float> fv = fused.to_vector<float>(), pv = plain.to_vector<float>();
    for (std::size_t i = 0; i < fv.size(); ++i)
      EXPECT_TRUE(fv[i] == pv[i] || (std::isnan(fv[i]) && std::isnan(pv[i]))) << i << ": " << fv[i] << " vs " << pv[i];
    const Tensor g = Tensor::from_vector(std::vector<float>(fv.size(), 1.5f), fused.shape());
    backward(fused, g);
    backward(plain, g);
    EXPECT_EQ(a.grad().to_vector<float>(), b.grad().to_vector<float>()) << "kernel " << geo.kernel.h;
  }
}

// The fused sum and ReLU of a residual block is relu(add(a, b)): values bit for bit (NaN kept, 0 cut),
// gradients to both inputs, broadcasting, and finite differences of first and second order.
TEST(AddRelu, EqualsReluOfTheSum) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> va{-3, 1, 2, nan, 0.5f, -0.25f}, vb{1, -1, 4, 1, -2, 0.25f};
  const Tensor a = Tensor::from_vector(va, {2, 3}).set_requires_grad(), b = Tensor::from_vector(vb, {2, 3}).set_requires_grad();
  const Tensor c = Tensor::from_vector(va, {2, 3}).set_requires_grad(), d = Tensor::from_vector(vb, {2, 3}).set_requires_grad();
  const Tensor fused = add_relu(a, b), plain = relu(add(c, d));
  const std::vector<float> fv = fused.to_vector<float>(), pv = plain.to_vector<float>();
  for (std::size_t i = 0; i < fv.size(); ++i)
    EXPECT_TRUE(fv[i] == pv[i] || (std::isnan(fv[i]) && std::isnan(pv[i]))) << i << ": " << fv[i] << " vs " << pv[i];
  const Tensor g = Tensor::from_vector(std::vector<float>{1, 2, 3, 4, 5, 6}, {2, 3});
  backward(fused, g);
  backward(plain, g);
  EXPECT_EQ(a.grad().to_vector<float>(), c.grad().to_vector<float>());
  EXPECT_EQ(b.grad().to_vector<float>(), d.grad().to_vector<float>());
  EXPECT_EQ(a.grad().to_vector<float>(), (std::vector<float>{0, 0, 3, 4, 0, 0}));
  expect_gradcheck([](V v) { return add_relu(v[0], v[1]); }, {input({3, 4}, 40), input({3, 4}, 41)});
  expect_gradcheck([](V v) { return add_relu(v[0], v[1]); }, {input({3, 4}, 42), input({4}, 43)});
  const GradcheckResult r = gradgradcheck([](V v) { return mul(add_relu(v[0], v[1]), v[0]); },
                                          {input({3, 4}, 44), input({3, 4}, 45)});
  EXPECT_TRUE(r.ok) << r.report;
}

TEST(Gradcheck, DetectsAWrongGradient) {
  // A check that cannot fail proves nothing: an op with a deliberately wrong rule must be caught.
  const Tensor x = input({3}, 30);
  const GradcheckResult r = gradcheck([](V v) { return mul(v[0], v[0].detach()); }, {x});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.report.find("analytic"), std::string::npos);
}

}  // namespace
}  // namespace nabla
