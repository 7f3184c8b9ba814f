// The closure contract, PyTorch's: the closure zeroes the gradients, computes the loss, calls backward
// and returns the loss; every optimizer's step(closure) counts each gradient once.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>

#include "fixture_problem.h"

namespace nabla::optim::testing {
namespace {

// f(w) = ½ wᵀAw − bᵀw with A = [[4, 1], [1, 3]], b = (1, 2): minimum A⁻¹b = (1/11, 7/11).
Tensor quadratic(const Tensor& w) {
  const Tensor a = Tensor::from_list({4, 1, 1, 3}, {2, 2}, DType::f64), b = Tensor::from_list({1, 2}, {2}, DType::f64);
  return 0.5 * sum(w * reshape(matmul(a, reshape(w, {2, 1})), {2})) - sum(b * w);
}

// The closure as a PyTorch user writes it, counting its calls.
Closure pytorch_closure(Optimizer& opt, const Tensor& w, int& calls) {
  return [&opt, w, &calls] {
    ++calls;
    opt.zero_grad();
    Tensor loss = quadratic(w);
    backward(loss);
    return loss;
  };
}

TEST(Closure, FirstOrderStepRunsItOnceAndUsesItsGradient) {
  Tensor w = Tensor::from_list({5, -7}, {2}, DType::f64).set_requires_grad();
  SGD sgd({w}, {.lr = 0.1});
  int calls = 0;
  const double loss = sgd.step(pytorch_closure(sgd, w, calls)).item();
  EXPECT_EQ(calls, 1);
  EXPECT_NEAR(loss, 0.5 * (4 * 25 - 2 * 35 + 3 * 49) - (5 - 14), 1e-12);  // the loss before the step
  // ∇f = Aw − b = (4·5 − 7 − 1, 5 − 21 − 2) = (12, −18): one gradient, not two.
  EXPECT_NEAR(w.to_vector<double>()[0], 5 - 0.1 * 12, 1e-12);
  EXPECT_NEAR(w.to_vector<double>()[1], -7 + 0.1 * 18, 1e-12);
}

TEST(Closure, NewtonLandsOnTheMinimumInOneStep) {
  Tensor w = Tensor::from_list({5, -7}, {2}, DType::f64).set_requires_grad();
  Newton newton({w});
  int calls = 0;
  (void)newton.step(pytorch_closure(newton, w, calls));
  EXPECT_EQ(calls, 1);  // the Hessian comes from the same evaluation's gradient
  EXPECT_NEAR(w.to_vector<double>()[0], 1.0 / 11, 1e-14);
  EXPECT_NEAR(w.to_vector<double>()[1], 7.0 / 11, 1e-14);
  // The gradient left in .grad is a plain tensor again: the Hessian's graph is released.
  ASSERT_TRUE(w.grad().defined());
  EXPECT_FALSE(w.grad().requires_grad());
}

TEST(Closure, NewtonArmijoLineSearchReRunsIt) {
  Tensor w = Tensor::from_list({5, -7}, {2}, DType::f64).set_requires_grad();
  Newton newton({w}, {.line_search = true});
  int calls = 0;
  (void)newton.step(pytorch_closure(newton, w, calls));
  EXPECT_EQ(calls, 2);  // the step, then one trial: the full Newton step satisfies Armijo on a quadratic
  EXPECT_EQ(newton.last_step().t, 1.0);
  EXPECT_NEAR(w.to_vector<double>()[0], 1.0 / 11, 1e-14);
  EXPECT_NEAR(w.to_vector<double>()[1], 7.0 / 11, 1e-14);
}

TEST(Closure, LbfgsFirstStepUsesOneGradient) {
  // f(w) = ½w² from w = 0.5: g = 0.5, ‖g‖₁ < 1, so the first step is t = lr along −g: w = 0.5 − 0.5·0.5.
  Tensor w = Tensor::scalar(0.5, DType::f64).set_requires_grad();
  LBFGS lbfgs({w}, {.lr = 0.5, .max_iter = 1});
  (void)lbfgs.step(make_closure(lbfgs, [&] { return 0.5 * w * w; }));
  EXPECT_NEAR(w.item(), 0.25, 1e-15);
}

TEST(Closure, WithoutBackwardIsAClearError) {
  Tensor w = Tensor::from_list({5, -7}, {2}, DType::f64).set_requires_grad();
  SGD sgd({w}, {.lr = 0.1});
  Newton newton({w});
  LBFGS lbfgs({w});
  for (Optimizer* opt : std::initializer_list<Optimizer*>{&sgd, &newton, &lbfgs}) {
    try {
      (void)opt->step([&] { return quadratic(w); });
      FAIL() << opt->name() << ": no exception";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("call backward(loss)"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(w.to_vector<double>(), (std::vector<double>{5, -7}));
}

TEST(Closure, NewtonLeavesTheWeightsAtANonFiniteLoss) {
  Tensor w = Tensor::from_list({5, -7}, {2}, DType::f64).set_requires_grad();
  Newton newton({w});
  const double loss = newton.step(make_closure(newton, [&] { return quadratic(w) * std::nan(""); })).item();
  EXPECT_TRUE(std::isnan(loss));
  EXPECT_EQ(w.to_vector<double>(), (std::vector<double>{5, -7}));
}

TEST(Closure, MakeClosureZeroesTheGradientsFirst) {
  Tensor w = Tensor::from_list({5, -7}, {2}, DType::f64).set_requires_grad();
  SGD sgd({w}, {.lr = 0});
  const Closure closure = make_closure(sgd, [&] { return quadratic(w); });
  (void)closure();
  (void)closure();
  EXPECT_EQ(w.grad().to_vector<double>(), (std::vector<double>{12, -18}));
}

}  // namespace
}  // namespace nabla::optim::testing
