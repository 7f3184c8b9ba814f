// The learning-rate finder: power iteration against eigenvalues known in closed form, gradient descent
// just inside and just outside 2/λ_max on a least-squares quadratic, and the range test's sweep.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/autograd/ops.h>
#include <nabla/optim/sgd.h>
#include <nabla/tensor/random.h>
#include <nabla/train/data_splits.h>
#include <nabla/tune/lr_find.h>

#include "../common/top_eigenvalue.h"
#include "../common/train_fixtures.h"

namespace nabla::tune {
namespace {

using optim::EigenEstimate;
using optim::hessian_largest_eigenvalue;
using optim::largest_eigenvalue;
using optim::LinearOperator;
using Matrix = std::vector<std::vector<double>>;

using nabla::testing::reference_top_eigenvalue;

// Least squares f(w) = mean((Xw − y)²) with X (N, 3) whose columns have scales 3, 1 and 0.3, so that
// H = 2XᵀX/N has well separated eigenvalues.
struct Quadratic {
  static constexpr int64_t n = 64;
  Tensor x, y;
  Matrix hessian;  // 2XᵀX/N, formed explicitly
  Quadratic() {
    Generator gen(11);
    std::vector<double> xs, ys;
    const double scale[3] = {3, 1, 0.3};
    for (int64_t i = 0; i < n; ++i) {
      for (double s : scale) xs.push_back(s * gen.normal());
      ys.push_back(gen.normal());
    }
    x = Tensor::from_vector(std::span<const double>(xs), {n, 3});
    y = Tensor::from_vector(std::span<const double>(ys), {n, 1});
    hessian.assign(3, std::vector<double>(3, 0.0));
    for (int64_t r = 0; r < n; ++r)
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) hessian[i][j] += 2 * xs[r * 3 + i] * xs[r * 3 + j] / n;
  }
  [[nodiscard]] Tensor loss(const Tensor& w) const {
    const Tensor d = sub(matmul(x, w), y);
    return mean(mul(d, d));
  }
};

TEST(HessianEigenvalue, LeastSquaresMatchesTwoXtXOverN) {
  const Quadratic q;
  Tensor w = Tensor::zeros({3, 1}, DType::f64).set_requires_grad();
  const EigenEstimate e = hessian_largest_eigenvalue([&] { return q.loss(w); }, {w}, {.tolerance = 1e-6});
  const double exact = reference_top_eigenvalue(q.hessian);
  EXPECT_TRUE(e.converged);
  EXPECT_NEAR(e.lambda_max, exact, 1e-6 * exact) << "iterations " << e.iterations;
  // The default tolerance (1e-3 on the change) still lands within 0.1 %, and never above λ_max.
  const EigenEstimate quick = hessian_largest_eigenvalue([&] { return q.loss(w); }, {w});
  EXPECT_NEAR(quick.lambda_max, exact, 1e-3 * exact);
  EXPECT_LE(quick.lambda_max, exact * (1 + 1e-12));
}

// Full-batch gradient descent on the quadratic: the error along the top eigenvector is multiplied by
// |1 − αλ_max| each step, 0.9 at α = 1.9/λ_max and 1.1 at α = 2.1/λ_max (the slowest direction, with
// λ_min ≈ λ_max/100, needs the longer run to settle).
double descend(const Quadratic& q, double lr, int steps) {
  Tensor w = Tensor::zeros({3, 1}, DType::f64).set_requires_grad();
  optim::SGD sgd(std::vector<Tensor>{w}, {.lr = lr});
  double l = 0;
  for (int k = 0; k < steps; ++k) l = sgd.step(optim::make_closure(sgd, [&] { return q.loss(w); })).item();
  return l;
}

TEST(HessianEigenvalue, GradientDescentConvergesBelowTwoOverLambdaAndDivergesAbove) {
  const Quadratic q;
  Tensor w = Tensor::zeros({3, 1}, DType::f64).set_requires_grad();
  const double lambda = hessian_largest_eigenvalue([&] { return q.loss(w); }, {w}).lambda_max;
  const double start = q.loss(w).item();
  const double stable = descend(q, 1.9 / lambda, 2000), unstable = descend(q, 2.1 / lambda, 400);
  const double best = descend(q, 1 / lambda, 2000);  // the least-squares minimum, to 1e-12
  EXPECT_NEAR(stable, best, 1e-9) << "at 1.9/lambda_max";
  EXPECT_GT(unstable, 1e10 * start) << "at 2.1/lambda_max";
}

TEST(HessianEigenvalue, FindsTheMostPositiveEigenvalueOfAnIndefiniteMatrix) {
  // diag(2, 1, −5) rotated: power iteration alone would report −5.
  const double c = std::cos(0.7), s = std::sin(0.7);
  const Matrix r = {{c, -s, 0}, {s, c, 0}, {0, 0, 1}}, d = {{2, 0, 0}, {0, 1, 0}, {0, 0, -5}};
  Matrix a(3, std::vector<double>(3, 0.0));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) a[i][j] += r[i][k] * d[k][k] * r[j][k];
  const LinearOperator product = [&](const std::vector<double>& v) {
    std::vector<double> out(3, 0.0);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) out[i] += a[i][j] * v[j];
    return out;
  };
  const EigenEstimate e = largest_eigenvalue(product, 3, {.max_iterations = 1000, .tolerance = 1e-10});
  EXPECT_NEAR(e.lambda_max, 2, 1e-6);
  EXPECT_THROW((void)largest_eigenvalue(product, 0), std::invalid_argument);
  EXPECT_THROW((void)largest_eigenvalue(product, 3, {.tolerance = 0}), std::invalid_argument);
}

TEST(LrFind, LinearModelWithMseHasTheClosedFormEigenvalue) {
  // mse on one-hot targets over C outputs of a linear layer: per output, the loss is a least-squares
  // problem in that output's row [w_c, b_c], so H is C equal blocks 2/(N·C)·AᵀA with A = [X 1].
  const auto dir = train::testing::fresh_dir("lr_find_closed_form");
  train::TrainConfig c;
  c.data = train::testing::write_blobs_csv(dir).string();
  c.model = "linear(3)";
  c.loss = "mse";
  c.optimizer.name = "sgd";
  const data::LabeledData train = train::load_data_splits(c).train;  // 432 rows: the whole set fits the batch
  const auto n = static_cast<std::size_t>(train.size()), f = static_cast<std::size_t>(train.sample_size());
  Matrix ata(f + 1, std::vector<double>(f + 1, 0.0));
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t i = 0; i <= f; ++i)
      for (std::size_t j = 0; j <= f; ++j)
        ata[i][j] += (i < f ? train.features[r * f + i] : 1.0) * (j < f ? train.features[r * f + j] : 1.0);
  const double exact = 2.0 / static_cast<double>(n * 3) * reference_top_eigenvalue(ata);
  const LrFindResult r = lr_find(c, {.power = {.max_iterations = 500, .tolerance = 1e-7}, .sweep = {.steps = 50}});
  EXPECT_EQ(r.hessian.samples, static_cast<int64_t>(n));
  EXPECT_EQ(r.parameters, 15);
  EXPECT_NEAR(r.hessian.eigen.lambda_max, exact, 1e-4 * exact);  // float32 model
  EXPECT_DOUBLE_EQ(r.hessian.stability_bound, 2 / r.hessian.eigen.lambda_max);
  EXPECT_LT(r.hessian.suggested_lr, r.hessian.stability_bound);
  EXPECT_LT(r.hessian.suggested_lr, 2 / exact);
}

TEST(LrSweep, FindsTheSteepestDescentOfAKnownCurve) {
  // loss(lr) = 0.5 + 1.5/(1 + lr/1e-3) + (lr/0.1)⁴: the logistic in ln lr falls fastest at lr = 1e-3,
  // and the quartic blows the loss up past 0.1.
  const auto curve = [](double lr) { return 0.5 + 1.5 / (1 + lr / 1e-3) + std::pow(lr / 0.1, 4); };
  const LrSweep s = lr_sweep(curve, {.smoothing = 0});
  ASSERT_GT(s.lrs.size(), 2u);
  EXPECT_DOUBLE_EQ(s.lrs.front(), 1e-7);
  for (std::size_t i = 1; i < s.lrs.size(); ++i) EXPECT_GT(s.lrs[i], s.lrs[i - 1]);
  EXPECT_TRUE(s.exploded);
  EXPECT_LT(s.lrs.back(), 1.0);  // stopped at 4× the minimum, (lr/0.1)⁴ ≈ 2 near lr = 0.12
  const double step = std::log(1e8) / 199;  // ln-spacing of the 200 default steps
  EXPECT_NEAR(std::log(s.steepest_lr), std::log(1e-3), 1.01 * step);
  EXPECT_EQ(s.suggested_lr, s.steepest_lr);
  EXPECT_GT(s.min_loss_lr, 1e-2);
  EXPECT_LT(s.min_loss_lr, 0.1);
  EXPECT_THROW((void)lr_sweep(curve, {.start_lr = 1, .end_lr = 0.1}), std::invalid_argument);
}

TEST(LrFind, SweepOnBlobsGivesIncreasingRatesAndAFiniteSuggestion) {
  const auto dir = train::testing::fresh_dir("lr_find_sweep");
  train::TrainConfig c;
  c.data = train::testing::write_blobs_csv(dir).string();
  c.model = "linear(16)-tanh-linear(3)";
  c.optimizer.name = "sgd";
  c.batch_size = 32;
  const LrFindResult r = lr_find(c, {.hessian_samples = 128, .sweep = {.start_lr = 1e-5, .end_lr = 100, .steps = 120}});
  const LrSweep& s = r.sweep;
  ASSERT_GE(s.lrs.size(), 20u);
  EXPECT_EQ(s.losses.size(), s.lrs.size());
  EXPECT_EQ(s.smoothed.size(), s.lrs.size());
  for (std::size_t i = 1; i < s.lrs.size(); ++i) EXPECT_GT(s.lrs[i], s.lrs[i - 1]);
  EXPECT_TRUE(std::isfinite(s.suggested_lr) && s.suggested_lr > 0) << s.suggested_lr;
  EXPECT_LT(s.suggested_lr, s.lrs.back());
  EXPECT_EQ(r.hessian.samples, 128);
  EXPECT_GT(r.hessian.eigen.lambda_max, 0);
  EXPECT_LT(r.hessian.suggested_lr, r.hessian.stability_bound);
}

}  // namespace
}  // namespace nabla::tune
