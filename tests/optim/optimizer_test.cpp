// Optimizer behaviour beyond the PyTorch trajectories: float32 and threaded updates, skipped
// parameters, option checks, and Newton's solves.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/autograd/ops.h>
#include <nabla/tensor/random.h>
#include <nabla/tensor/threads.h>

#include "fixture_problem.h"

namespace nabla::optim::testing {
namespace {

// A float32 parameter large enough for the threaded path, with a fixed gradient.
std::pair<Tensor, Tensor> large_param(int64_t n) {
  std::vector<float> w(n), g(n);
  for (int64_t i = 0; i < n; ++i) {
    w[i] = std::sin(0.001f * static_cast<float>(i));
    g[i] = std::cos(0.003f * static_cast<float>(i));
  }
  Tensor p = Tensor::from_vector(std::span<const float>(w), {n}).set_requires_grad();
  return {p, Tensor::from_vector(std::span<const float>(g), {n})};
}

TEST(Optimizers, ThreadedFloat32UpdateDoesNotDependOnThreadCount) {
  const int64_t n = 300'007;  // > 2^16: split over threads; not a whole number of packs
  std::vector<std::vector<float>> results;
  const int saved = num_threads();
  for (int threads : {1, 2}) {
    set_num_threads(threads);
    auto [p, g] = large_param(n);
    Adam adam({p}, {.lr = 0.01, .amsgrad = true});
    for (int k = 0; k < 3; ++k) {
      p.set_grad(g);
      adam.step();
    }
    results.push_back(p.to_vector<float>());
  }
  set_num_threads(saved);
  EXPECT_EQ(results[0], results[1]);  // exact: each element is updated by one thread
}

TEST(Optimizers, Float32AgreesWithFloat64) {
  auto [p32, g32] = large_param(1000);
  Tensor p64 = p32.to(DType::f64).set_requires_grad();
  const Tensor g64 = g32.to(DType::f64);
  RMSprop a({p32}, {.lr = 0.01, .momentum = 0.5, .centered = true});
  RMSprop b({p64}, {.lr = 0.01, .momentum = 0.5, .centered = true});
  for (int k = 0; k < 5; ++k) {
    p32.set_grad(g32);
    p64.set_grad(g64);
    a.step();
    b.step();
  }
  EXPECT_EQ(compare(p32.to(DType::f64).to_vector<double>(), p64.to_vector<double>(), 1e-5, 1e-6), "");
}

TEST(Optimizers, ParametersWithoutGradientAreSkipped) {
  Tensor a = Tensor::ones({2}, DType::f64).set_requires_grad(), b = Tensor::ones({2}, DType::f64).set_requires_grad();
  Adam adam({a, b}, {.lr = 0.1});
  a.set_grad(Tensor::ones({2}, DType::f64));
  adam.step();
  EXPECT_EQ(b.to_vector<double>(), (std::vector<double>{1, 1}));
  EXPECT_NE(a.to_vector<double>(), (std::vector<double>{1, 1}));
  const OptimizerState s = adam.state_dict();
  EXPECT_TRUE(s.contains("state.0.exp_avg"));
  EXPECT_FALSE(s.contains("state.1.exp_avg"));
}

TEST(Optimizers, OptionsAreChecked) {
  Tensor p = Tensor::zeros({2}, DType::f64).set_requires_grad();
  EXPECT_THROW(SGD({p}, {.nesterov = true}), std::invalid_argument);
  EXPECT_THROW(SGD({p}, {.lr = -1}), std::invalid_argument);
  EXPECT_THROW(Adam({p}, {.beta2 = 1.0}), std::invalid_argument);
  EXPECT_THROW(LBFGS({p}, {.line_search_fn = "backtracking"}), std::invalid_argument);
  EXPECT_THROW(SGD({Tensor::zeros({2}, DType::i64)}), std::invalid_argument);
  LBFGS lbfgs({p});
  EXPECT_THROW(lbfgs.step(), std::invalid_argument);
  Newton newton({p});
  EXPECT_THROW(newton.step(), std::invalid_argument);
}

TEST(Newton, OneStepSolvesAQuadratic) {
  // f(w) = ½ wᵀAw − bᵀw with A = [[4, 1], [1, 3]]: the minimum A⁻¹b = (1/11)·(3·1 − 1·2, −1·1 + 4·2).
  const Tensor a = Tensor::from_list({4, 1, 1, 3}, {2, 2}, DType::f64), b = Tensor::from_list({1, 2}, {2}, DType::f64);
  Tensor w = Tensor::from_list({5, -7}, {2}, DType::f64).set_requires_grad();
  Newton newton({w});
  (void)newton.step(make_closure(newton, [&] { return 0.5 * sum(w * reshape(matmul(a, reshape(w, {2, 1})), {2})) - sum(b * w); }));
  EXPECT_TRUE(newton.last_step().cholesky);
  EXPECT_NEAR(w.to_vector<double>()[0], 1.0 / 11, 1e-14);
  EXPECT_NEAR(w.to_vector<double>()[1], 7.0 / 11, 1e-14);
}

TEST(Newton, IndefiniteHessianFallsBackToLU) {
  // f(x, y) = x² − y²: H = diag(2, −2) is indefinite; the Newton step still lands on the saddle (0, 0).
  Tensor w = Tensor::from_list({0.5, 0.25}, {2}, DType::f64).set_requires_grad();
  Newton newton({w});
  const Tensor sign = Tensor::from_list({1, -1}, {2}, DType::f64);
  (void)newton.step(make_closure(newton, [&] { return sum(sign * w * w); }));
  EXPECT_FALSE(newton.last_step().cholesky);
  EXPECT_NEAR(w.to_vector<double>()[0], 0, 1e-15);
  EXPECT_NEAR(w.to_vector<double>()[1], 0, 1e-15);
}

TEST(Newton, LineSearchTurnsAnAscentDirectionIntoDescent) {
  // On x² − y² the Newton direction −(x, y) has slope 2(y² − x²) > 0 where |y| > |x|.
  Tensor w = Tensor::from_list({0.25, 0.5}, {2}, DType::f64).set_requires_grad();
  const Tensor sign = Tensor::from_list({1, -1}, {2}, DType::f64);
  Newton newton({w}, {.line_search = true});
  const auto f = [&] { return sum(sign * w * w); };
  const double before = f().item();
  (void)newton.step(make_closure(newton, f));
  EXPECT_TRUE(newton.last_step().gradient_fallback);
  EXPECT_LT(f().item(), before);
}

TEST(Newton, SingularSystemIsAClearError) {
  // f(x, y) = (x + y)²: H = [[2, 2], [2, 2]] is singular.
  Tensor w = Tensor::from_list({1, 2}, {2}, DType::f64).set_requires_grad();
  Newton newton({w});
  const auto f = [&] { return pow(sum(w), 2.0); };
  try {
    (void)newton.step(make_closure(newton, f));
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("singular"), std::string::npos) << e.what();
  }
  Newton damped({w}, {.damping = 0.1});
  EXPECT_NO_THROW((void)damped.step(make_closure(damped, f)));
}

TEST(Newton, RefusesTooManyParameters) {
  Tensor w = Tensor::zeros({5001}, DType::f64).set_requires_grad();
  EXPECT_THROW(Newton({w}), std::invalid_argument);
  EXPECT_NO_THROW(Newton({w}, {.max_params = 6000}));
}

}  // namespace
}  // namespace nabla::optim::testing
