// Second-order checks (grad-of-grad) for the ops an MLP and a ConvNet use, and exact Hessians.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/functional.h>
#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/gradcheck.h>
#include <nabla/autograd/ops.h>
#include <nabla/tensor/kernels.h>
#include <nabla/tensor/random.h>

namespace nabla {
namespace {

Tensor input(const Shape& shape, uint64_t seed, double lo = -1, double hi = 1) {
  Generator gen(seed);
  return rand(shape, gen, lo, hi, DType::f64).set_requires_grad();
}

using V = const std::vector<Tensor>&;

void expect_gradgradcheck(const TensorFunction& f, const std::vector<Tensor>& xs) {
  const GradcheckResult r = gradgradcheck(f, xs, {.atol = 1e-5, .rtol = 1e-4});
  EXPECT_TRUE(r.ok) << "max error " << r.max_error << "\n" << r.report;
}

TEST(GradGradcheck, MlpOps) {
  const Tensor a = input({3, 4}, 1), b = input({4}, 2), w = input({4, 2}, 3), pos = input({3, 4}, 4, 0.5, 2);
  expect_gradgradcheck([](V v) { return add(mul(v[0], v[1]), v[1]); }, {a, b});
  expect_gradgradcheck([](V v) { return div(v[1], v[0]); }, {pos, b});
  expect_gradgradcheck([](V v) { return matmul(v[0], v[1]); }, {a, w});
  expect_gradgradcheck([](V v) { return linear(v[0], v[1], v[2]); }, {a, input({2, 4}, 5), input({2}, 6)});
  expect_gradgradcheck([](V v) { return sigmoid(v[0]); }, {a});
  expect_gradgradcheck([](V v) { return tanh(v[0]); }, {a});
  expect_gradgradcheck([](V v) { return softplus(v[0]); }, {a});
  expect_gradgradcheck([](V v) { return exp(v[0]); }, {a});
  expect_gradgradcheck([](V v) { return log(v[0]); }, {pos});
  expect_gradgradcheck([](V v) { return sqrt(v[0]); }, {pos});
  expect_gradgradcheck([](V v) { return pow(v[0], 3.0); }, {a});
  expect_gradgradcheck([](V v) { return softmax(v[0], 1); }, {a});
  expect_gradgradcheck([](V v) { return log_softmax(v[0], 1); }, {a});
  expect_gradgradcheck([](V v) { return mean(mul(v[0], v[0]), {0}); }, {a});
  expect_gradgradcheck([](V v) { return relu(mul(v[0], v[0])); }, {a});
  expect_gradgradcheck([](V v) { return sin(v[0]); }, {a});
  expect_gradgradcheck([](V v) { return cos(v[0]); }, {a});
  expect_gradgradcheck([](V v) { return logsumexp(v[0], {1}); }, {a});
  expect_gradgradcheck([](V v) { return var(v[0], {0}); }, {a});
  expect_gradgradcheck([](V v) { return nabla::std(v[0], {1}); }, {a});
  const Tensor index = Tensor::from_vector(std::vector<int64_t>{2, 0, 2, 1}, {4});
  expect_gradgradcheck([index](V v) { return mul(index_select(v[0], 1, index), v[0]); }, {a});
  expect_gradgradcheck([index](V v) { return pow(gather(v[0], 0, reshape(slice(index, 0, 0, 4), {1, 4})), 3.0); }, {a});
  // One MLP layer end to end: tanh(x W + b), then log-softmax.
  expect_gradgradcheck([](V v) { return log_softmax(tanh(add(matmul(v[0], v[1]), v[2])), 1); },
                       {a, w, input({2}, 5)});
}

TEST(GradGradcheck, ConvNetOps) {
  const Tensor x = input({1, 2, 5, 4}, 6), w = input({2, 2, 2, 2}, 7);
  expect_gradgradcheck([](V v) { return tanh(conv2d(v[0], v[1], Tensor(), {.padding = {1, 0}})); }, {x, w});
  expect_gradgradcheck([](V v) { return max_pool2d(mul(v[0], v[0])); }, {x});
  expect_gradgradcheck([](V v) { return relu_max_pool2d(mul(v[0], v[0])); }, {x});
  expect_gradgradcheck([](V v) { return avg_pool2d(mul(v[0], v[0])); }, {x});
}

TEST(Hessian, QuadraticFormIsExact) {
  // f(w) = ½ wᵀ A w + bᵀw has Hessian A (A symmetric).
  const Tensor A = Tensor::from_list({2, 1, 0, 1, 3, 1, 0, 1, 4}, {3, 3}, DType::f64);
  const Tensor b = Tensor::from_list({1, -1, 2}, {3}, DType::f64);
  const Tensor w = Tensor::from_list({0.3, -0.2, 0.5}, {3}, DType::f64).set_requires_grad();
  auto f = [&] { return add(mul(Tensor::scalar(0.5, DType::f64), matmul(w, matmul(A, w))), matmul(b, w)); };
  const Tensor H = hessian(f, {w});
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 3; ++j) EXPECT_NEAR(H.at({i, j}), A.at({i, j}), 1e-12) << i << "," << j;
  const Tensor v = Tensor::from_list({1, 2, 3}, {3}, DType::f64);
  const Tensor Hv = hvp(f, {w}, v);
  const std::vector<double> expected{4, 10, 14};  // A·v
  for (int64_t i = 0; i < 3; ++i) EXPECT_NEAR(Hv.at({i}), expected[i], 1e-12);
}

TEST(Hessian, FromTheGradientsBackwardLeaves) {
  // f(w, c) = w₀²w₁ + 3c: ∇ = (2w₀w₁, w₀², 3), H = [[2w₁, 2w₀, 0], [2w₀, 0, 0], [0, 0, 0]].
  const Tensor w = Tensor::from_list({2, 5}, {2}, DType::f64).set_requires_grad();
  const Tensor c = Tensor::scalar(1, DType::f64).set_requires_grad();
  {
    const CreateGraphGuard create_graph;
    const Tensor w0 = slice(w, 0, 0, 1), w1 = slice(w, 0, 1, 2);
    backward(add(sum(mul(mul(w0, w0), w1)), mul(Tensor::scalar(3, DType::f64), c)));
  }
  const Tensor H = hessian_from_gradients({w.grad(), c.grad()}, {w, c});
  const std::vector<double> expected{10, 4, 0, 4, 0, 0, 0, 0, 0};
  EXPECT_EQ(H.to_vector<double>(), expected);  // exact: small integers
  // An undefined gradient is a zero one.
  EXPECT_EQ(hessian_from_gradients({w.grad(), Tensor()}, {w, c}).to_vector<double>(), expected);
  // A gradient with a graph refers back to its parameter (w -> w.grad -> graph -> w), a cycle that only
  // dropping the gradient breaks, as in PyTorch after backward(create_graph=True).
  w.set_grad(Tensor());
  c.set_grad(Tensor());
}

TEST(Hessian, LogisticNeuronMatchesClosedForm) {
  // L(w) = log(1 + exp(-y wᵀx)) has Hessian σ(v)(1 − σ(v)) x xᵀ with v = y wᵀx.
  const Tensor x = Tensor::from_list({2, -1}, {2}, DType::f64);
  const Tensor w = Tensor::from_list({-1, 0.5}, {2}, DType::f64).set_requires_grad();
  const double y = 1;
  auto f = [&] { return softplus(neg(mul(Tensor::scalar(y, DType::f64), matmul(w, x)))); };
  const Tensor H = hessian(f, {w});
  const double v = y * (-1 * 2 + 0.5 * -1);
  const double s = 1 / (1 + std::exp(-v));
  const double xs[2] = {2, -1};
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 2; ++j) EXPECT_NEAR(H.at({i, j}), s * (1 - s) * xs[i] * xs[j], 1e-12);
  // Hessian of a two-parameter-tensor model is symmetric across the blocks.
  const Tensor b = Tensor::scalar(0.1, DType::f64).set_requires_grad();
  const Tensor H2 = hessian([&] { return softplus(neg(add(matmul(w, x), b))); }, {w, b});
  ASSERT_EQ(H2.shape(), (Shape{3, 3}));
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 3; ++j) EXPECT_NEAR(H2.at({i, j}), H2.at({j, i}), 1e-14);
}

}  // namespace
}  // namespace nabla
