// The data of `lab rate`'s figures: gradient descent's rate curve with its optimum and bound, the real
// runs measured on it, and the extent of heavy ball's stable plane.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include <nabla/optim/lab/rate_curve.h>

namespace nabla::optim::lab {
namespace {

TEST(LabRateCurve, CurveHasTheOptimumAndTheBoundOfTheory) {
  const std::vector<double> lambdas = {1, 3, 10};
  const GradientDescentRateCurve c = gradient_descent_rate_curve(lambdas, 401, 2000);
  EXPECT_DOUBLE_EQ(c.optimum.lr, 2.0 / 11);   // 2/(λ₁ + λₙ)
  EXPECT_DOUBLE_EQ(c.optimum.rate, 9.0 / 11);  // (κ − 1)/(κ + 1), κ = 10
  EXPECT_DOUBLE_EQ(c.stability_bound, 0.2);    // 2/λₙ
  ASSERT_EQ(c.lrs.size(), 401u);
  EXPECT_EQ(c.lrs.front(), 0);
  EXPECT_NEAR(c.lrs.back(), 1.15 * 0.2, 1e-15);
  // The curve is the larger of its two extreme lines, 1 at α = 0, and lowest near α*.
  for (std::size_t i = 0; i < c.lrs.size(); ++i)
    EXPECT_DOUBLE_EQ(c.rates[i], std::max(c.smallest_lambda_rates[i], c.largest_lambda_rates[i])) << i;
  EXPECT_DOUBLE_EQ(c.rates.front(), 1);
  const auto lowest = std::min_element(c.rates.begin(), c.rates.end()) - c.rates.begin();
  EXPECT_NEAR(c.lrs[lowest], c.optimum.lr, c.lrs[1]);  // within one grid step
  EXPECT_NEAR(c.rates[lowest], c.optimum.rate, 10 * c.lrs[1]);
}

// Each real SGD run contracts per step as the curve says: within 0.2% relative, also at α* (where the
// two extreme directions contract equally fast) and past the bound (where the run diverges).
TEST(LabRateCurve, MeasuredRunsLieOnTheCurve) {
  for (const std::vector<double>& lambdas : {std::vector<double>{1, 10}, {0.5, 2, 7, 50}, {1, 100}}) {
    const GradientDescentRateCurve c = gradient_descent_rate_curve(lambdas, 11, 2000);
    ASSERT_EQ(c.measured.size(), 9u);
    bool at_optimum = false, diverging = false;
    for (const MeasuredRate& m : c.measured) {
      SCOPED_TRACE("lr " + std::to_string(m.lr) + " lambda_n " + std::to_string(lambdas.back()));
      EXPECT_DOUBLE_EQ(m.theory, gradient_descent_rate(lambdas, m.lr));
      EXPECT_NEAR(m.measured, m.theory, 2e-3 * m.theory);
      at_optimum = at_optimum || m.lr == c.optimum.lr;
      diverging = diverging || (m.lr > c.stability_bound && m.measured > 1);
    }
    EXPECT_TRUE(at_optimum);
    EXPECT_TRUE(diverging);
    EXPECT_TRUE(std::is_sorted(c.measured.begin(), c.measured.end(),
                               [](const MeasuredRate& a, const MeasuredRate& b) { return a.lr < b.lr; }));
  }
}

// Heavy ball at (α*, β*): the spectral radius of its iteration matrix, maximised over λ, is
// (√κ − 1)/(√κ + 1), a real run contracts at that rate, and α* lies inside the plane the heat map spans.
TEST(LabRateCurve, HeavyBallOptimumInsideThePlane) {
  const std::vector<double> lambdas = {1, 10};
  const RateSettings best = heavy_ball_optimum(lambdas);
  const double root_kappa = std::sqrt(10.0);
  EXPECT_NEAR(heavy_ball_rate(lambdas, best.lr, best.momentum), (root_kappa - 1) / (root_kappa + 1), 1e-7);
  EXPECT_DOUBLE_EQ(heavy_ball_lr_limit(lambdas), 0.4);  // 4/λₙ
  EXPECT_LT(best.lr, heavy_ball_lr_limit(lambdas));
  // Just inside and outside the stable region's edge αλₙ = 2(1 + β).
  EXPECT_LT(heavy_ball_rate(lambdas, 0.99 * 2 * 1.5 / 10, 0.5), 1);
  EXPECT_GT(heavy_ball_rate(lambdas, 1.01 * 2 * 1.5 / 10, 0.5), 1);
  const std::vector<MeasuredRate> run = measure_rates(lambdas, "momentum", std::vector<RateSettings>{best}, 2000);
  ASSERT_EQ(run.size(), 1u);
  EXPECT_DOUBLE_EQ(run[0].momentum, best.momentum);
  // The double root makes ‖wₖ‖ ~ k·ρᵏ: over the second half of the K ≈ 980 steps before underflow that
  // adds a factor 2^(2/K) ≈ 1.0014.
  EXPECT_NEAR(run[0].measured, best.rate, 3e-3 * best.rate);
}

TEST(LabRateCurve, RejectsBadInput) {
  EXPECT_THROW((void)gradient_descent_rate_curve(std::vector<double>{1, 0}), std::invalid_argument);
  EXPECT_THROW((void)gradient_descent_rate_curve(std::vector<double>{1, 10}, 1), std::invalid_argument);
  EXPECT_THROW((void)heavy_ball_lr_limit(std::vector<double>{-1}), std::invalid_argument);
}

}  // namespace
}  // namespace nabla::optim::lab
