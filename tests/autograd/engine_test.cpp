// The backward engine: accumulation, shared gradients, no-grad scopes, errors, and very deep graphs.
#include <gtest/gtest.h>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>

namespace nabla {
namespace {

TEST(Backward, AccumulatesIntoLeavesAcrossCalls) {
  const Tensor w = Tensor::from_list({1, 2, 3}, {3}).set_requires_grad();
  backward(sum(mul(w, w)));  // d/dw = 2w
  EXPECT_EQ(w.grad().to_vector<float>(), (std::vector<float>{2, 4, 6}));
  backward(sum(w));  // + 1
  EXPECT_EQ(w.grad().to_vector<float>(), (std::vector<float>{3, 5, 7}));
  zero_grad({w});
  EXPECT_FALSE(w.grad().defined());
}

TEST(Backward, SharedGradientsAreNotAliased) {
  // y = a + b hands the same gradient tensor to both leaves; each must own its copy.
  const Tensor a = Tensor::from_list({1, 1}, {2}).set_requires_grad();
  const Tensor b = Tensor::from_list({1, 1}, {2}).set_requires_grad();
  backward(sum(add(a, b)));
  a.grad().fill_(7);
  EXPECT_EQ(b.grad().to_vector<float>(), (std::vector<float>{1, 1}));
}

TEST(Backward, CallersGradientIsNotAliased) {
  // .grad takes over only gradients nothing else references; the caller's grad_output, passed straight
  // to a leaf or through a view of it (reshape's rule), stays the caller's.
  const Tensor w = Tensor::from_list({1, 2, 3}, {1, 3}).set_requires_grad();
  Tensor g = Tensor::from_list({4, 5, 6}, {1, 3});
  backward(w, g);
  const Tensor v = Tensor::from_list({1, 2, 3}, {1, 3}).set_requires_grad();
  Tensor gv = Tensor::from_list({4, 5, 6}, {3});
  backward(reshape(v, {3}), gv);
  g.fill_(0);
  gv.fill_(0);
  EXPECT_EQ(w.grad().to_vector<float>(), (std::vector<float>{4, 5, 6}));
  EXPECT_EQ(v.grad().to_vector<float>(), (std::vector<float>{4, 5, 6}));
}

TEST(Backward, ReusedNodeSumsAllPaths) {
  const Tensor x = Tensor::scalar(3).set_requires_grad();
  const Tensor y = mul(x, x);  // used twice below
  backward(add(mul(y, x), y));  // x³ + x² -> 3x² + 2x = 33
  EXPECT_FLOAT_EQ(x.grad().item(), 33);
}

TEST(Backward, NoGradScopeRecordsNothing) {
  const Tensor x = Tensor::ones({2}).set_requires_grad();
  Tensor y;
  {
    NoGradGuard guard;
    y = mul(x, x);
  }
  EXPECT_FALSE(y.requires_grad());
  EXPECT_THROW(backward(sum(y)), std::invalid_argument);
  EXPECT_FALSE(mul(x.detach(), x.detach()).requires_grad());
}

TEST(Backward, NonScalarOutputNeedsAGradient) {
  const Tensor x = Tensor::ones({2, 2}).set_requires_grad();
  const Tensor y = mul(x, x);
  try {
    backward(y);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("float32[2, 2]"), std::string::npos) << e.what();
  }
  backward(y, Tensor::full({2, 2}, 0.5));
  EXPECT_EQ(x.grad().to_vector<float>(), (std::vector<float>{1, 1, 1, 1}));
}

TEST(Backward, DeepChainDoesNotOverflowTheStack) {
  const Tensor x = Tensor::scalar(1, DType::f64).set_requires_grad();
  Tensor y = x;
  for (int i = 0; i < 200000; ++i) y = add(y, Tensor::scalar(1e-6, DType::f64));
  backward(y);
  EXPECT_DOUBLE_EQ(x.grad().item(), 1.0);
  // Releasing the deep graph must not recurse either: drop it in the loop's reverse order.
}

TEST(Grad, ReturnsWithoutTouchingDotGrad) {
  const Tensor x = Tensor::scalar(2, DType::f64).set_requires_grad();
  const Tensor y = mul(mul(x, x), x);
  const auto g = grad(y, {x}, {}, true);
  EXPECT_DOUBLE_EQ(g[0].item(), 12);  // 3x²
  EXPECT_FALSE(x.grad().defined());
  const auto gg = grad(g[0], {x});
  EXPECT_DOUBLE_EQ(gg[0].item(), 12);  // 6x
}

TEST(CreateGraphGuard, BackwardLeavesDifferentiableGradients) {
  const Tensor x = Tensor::scalar(3, DType::f64).set_requires_grad();
  {
    const CreateGraphGuard create_graph;
    backward(mul(mul(x, x), x));
  }
  EXPECT_DOUBLE_EQ(x.grad().item(), 27);  // 3x²
  ASSERT_TRUE(x.grad().requires_grad());
  EXPECT_DOUBLE_EQ(grad(x.grad(), {x})[0].item(), 18);  // 6x
  zero_grad({x});
  backward(mul(mul(x, x), x));  // outside the guard: a plain gradient again
  EXPECT_FALSE(x.grad().requires_grad());
  EXPECT_FALSE(GradMode::create_graph());
}

TEST(Grad, UnusedInputGetsZeros) {
  const Tensor x = Tensor::scalar(2).set_requires_grad(), z = Tensor::ones({3}).set_requires_grad();
  const auto g = grad(mul(x, x), {x, z});
  EXPECT_EQ(g[1].to_vector<float>(), (std::vector<float>{0, 0, 0}));
}

TEST(Grad, NonLeafInput) {
  const Tensor x = Tensor::scalar(3, DType::f64).set_requires_grad();
  const Tensor h = mul(x, x);
  const auto g = grad(mul(h, h), {h});
  EXPECT_DOUBLE_EQ(g[0].item(), 18);  // 2h
}

}  // namespace
}  // namespace nabla
