// The optimizer lab: test functions, the optimize driver, trajectories, and measured convergence rates
// on the quadric against theory (within 1%).
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/autograd/engine.h>
#include <nabla/optim/lab/objective.h>
#include <nabla/optim/lab/optimize.h>
#include <nabla/optim/lab/quadric_rate.h>
#include <nabla/optim/lab/trajectory.h>

namespace nabla::optim::lab {
namespace {

TEST(LabObjective, TensorAndPlainValuesAgreeAndMinimaAreStationary) {
  for (const std::string& name : Objective::names()) {
    SCOPED_TRACE(name);
    const Objective f(name);
    const std::vector<double> point = {0.3, -1.7};
    EXPECT_NEAR(f(Tensor::from_vector(std::span<const double>(point), {2})).item(), f.value(point), 1e-12);
    const std::vector<double> m = f.critical_point();
    EXPECT_EQ(f.value(m), 0.0);
    Tensor w = Tensor::from_vector(std::span<const double>(m), {2}).set_requires_grad();
    backward(f(w));
    for (double g : w.grad().to_vector<double>()) EXPECT_EQ(g, 0.0);
  }
  EXPECT_NEAR(Objective("rosenbrock").value(std::vector<double>{-1.2, 1}), 24.2, 1e-12);  // 2.2² + 100·0.44²
  EXPECT_THROW(Objective("himmelblau"), std::invalid_argument);
  EXPECT_THROW(Objective("beale", {1, 2}), std::invalid_argument);
  EXPECT_THROW(Objective("quadric", {1, 0}), std::invalid_argument);
}

TEST(LabOptimize, RecordsEveryIterateFromTheStart) {
  const Objective f("rosenbrock");
  const std::vector<double> x0 = {-1.2, 1};
  const OptimizeRun sgd = optimize(f, x0, {.name = "sgd", .lr = 1e-3}, 25);
  ASSERT_EQ(sgd.iterates.size(), 26u);
  EXPECT_EQ(sgd.iterates[0], x0);
  EXPECT_NEAR(sgd.values[0], 24.2, 1e-12);
  EXPECT_LT(sgd.values.back(), sgd.values.front());
  const OptimizeRun lbfgs = optimize(f, x0, {.name = "lbfgs", .max_iter = 100, .line_search = "strong_wolfe"}, 1);
  ASSERT_EQ(lbfgs.iterates.size(), 2u);
  EXPECT_NEAR(lbfgs.iterates[1][0], 1, 1e-4);  // it stops once f changes by < tolerance_change
  EXPECT_NEAR(lbfgs.iterates[1][1], 1, 1e-4);
  const OptimizeRun diverging = optimize(Objective("quadric", {1, 100}), std::vector<double>{1, 1},
                                         {.name = "sgd", .lr = 1}, 1000);
  EXPECT_TRUE(diverging.diverged);
  EXPECT_LT(diverging.iterates.size(), 1001u);
  EXPECT_THROW((void)optimize(f, std::vector<double>{1, 2, 3}, {}, 1), std::invalid_argument);
}

TEST(LabTrajectory, OneRunPerOptimizerAndAWindowAroundThem) {
  const Objective f("quadric", {1, 10});
  const std::vector<double> x0 = {-1, 1};
  const std::vector<TrajectorySpec> specs = {{"sgd", {.name = "sgd", .lr = 0.15}},
                                             {"momentum", {.name = "momentum", .lr = 0.15}},
                                             {"nesterov fast", {.name = "nesterov", .lr = 0.05}}};
  const auto runs = trajectories(f, x0, specs, 30);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[2].label, "nesterov fast");
  EXPECT_NE(runs[0].run.iterates[1], runs[2].run.iterates[1]) << "each spec runs with its own lr";
  const Window w = view_window(f, x0, runs);
  for (const Trajectory& t : runs)
    for (const auto& p : t.run.iterates) {
      EXPECT_GE(p[0], w.x_lo);
      EXPECT_LE(p[0], w.x_hi);
    }
  EXPECT_THROW((void)trajectories(Objective("quadric", {1, 2, 3}), std::vector<double>{0, 0, 0},
                                  std::vector<TrajectorySpec>{{"sgd", {.name = "sgd"}}}, 3),
               std::invalid_argument);
}

// The lecture's landscape remarks: on x² − y² plain gradient descent slides off along the unstable
// direction y, while Newton's step solves ∇f = 0 and lands on the saddle; on the plateau SGD barely
// moves where Adam, which divides by the gradient's size, walks in.
TEST(LabLandscape, NewtonIsDrawnToTheSaddleAndAdamCrossesThePlateau) {
  const Objective saddle("saddle");
  const std::vector<double> x0 = saddle.default_start();
  const OptimizeRun newton = optimize(saddle, x0, {.name = "newton", .lr = 1}, 3);
  EXPECT_NEAR(newton.iterates.back()[0], 0, 1e-12);
  EXPECT_NEAR(newton.iterates.back()[1], 0, 1e-12);
  const OptimizeRun sgd = optimize(saddle, x0, {.name = "sgd", .lr = 0.05}, 40);
  EXPECT_GT(std::abs(sgd.iterates.back()[1]), 10 * std::abs(x0[1])) << "escapes along y";
  EXPECT_LT(sgd.values.back(), saddle.value(x0));

  const Objective plateau("plateau");
  const std::vector<double> start = plateau.default_start();
  const OptimizeRun slow = optimize(plateau, start, {.name = "sgd", .lr = 0.5}, 100);
  const OptimizeRun adam = optimize(plateau, start, {.name = "adam", .lr = 0.1}, 100);
  EXPECT_GT(slow.values.back(), 0.9) << "still out on the plateau";
  EXPECT_LT(adam.values.back(), 0.1) << "down in the well";
}

TEST(LabQuadric, TheoryAtTheOptimum) {
  const std::vector<double> lambdas = {1, 100};
  const RateSettings gd = gradient_descent_optimum(lambdas);
  EXPECT_DOUBLE_EQ(gd.lr, 2.0 / 101);
  EXPECT_DOUBLE_EQ(gd.rate, 99.0 / 101);
  EXPECT_DOUBLE_EQ(gradient_descent_rate(lambdas, gd.lr), gd.rate);
  const RateSettings hb = heavy_ball_optimum(lambdas);
  EXPECT_DOUBLE_EQ(hb.lr, 4.0 / 121);
  EXPECT_DOUBLE_EQ(hb.momentum, 81.0 / 121);
  EXPECT_DOUBLE_EQ(hb.rate, 9.0 / 11);
  EXPECT_NEAR(heavy_ball_rate(lambdas, hb.lr, hb.momentum), hb.rate, 1e-7);  // a double root: √ of rounding
  EXPECT_DOUBLE_EQ(spectral_radius(0, 1, -1, 0), 1.0);                       // a rotation
}

// Measured against theoretical rate, within 1% relative, for SGD and heavy-ball momentum at and away
// from their optima, over several spectra.
TEST(LabQuadric, MeasuredRatesMatchTheoryWithinOnePercent) {
  const std::vector<std::vector<double>> spectra = {{1, 10}, {1, 100}, {0.5, 2, 7, 50}, {3, 4}, {0.01, 1}};
  for (const auto& lambdas : spectra) {
    const RateSettings gd = gradient_descent_optimum(lambdas), hb = heavy_ball_optimum(lambdas);
    const QuadricExperiment experiments[] = {
        {.lambdas = lambdas, .optimizer = "sgd", .optimal = true},
        {.lambdas = lambdas, .optimizer = "sgd", .lr = 0.5 * gd.lr},
        {.lambdas = lambdas, .optimizer = "sgd", .lr = 1.1 * gd.lr},
        {.lambdas = lambdas, .optimizer = "momentum", .optimal = true},
        {.lambdas = lambdas, .optimizer = "momentum", .lr = 0.5 * hb.lr, .momentum = 0.5 * hb.momentum},
        {.lambdas = lambdas, .optimizer = "momentum", .lr = hb.lr, .momentum = 0.5},
        {.lambdas = lambdas, .optimizer = "momentum", .lr = 0.3 * hb.lr, .momentum = 0.9},
        {.lambdas = lambdas, .optimizer = "nesterov", .lr = 0.5 * hb.lr, .momentum = 0.6},
    };
    for (const QuadricExperiment& e : experiments) {
      const QuadricReport r = run_quadric(e);
      SCOPED_TRACE(e.optimizer + " lr " + std::to_string(r.lr) + " momentum " + std::to_string(r.momentum) +
                   " lambdas " + std::to_string(lambdas.front()) + ".." + std::to_string(lambdas.back()) + " steps " +
                   std::to_string(r.steps));
      ASSERT_TRUE(r.theoretical_rate.has_value());
      EXPECT_NEAR(r.measured_rate, *r.theoretical_rate, 0.01 * *r.theoretical_rate);
      EXPECT_EQ(r.converges, r.measured_rate < 1);
    }
  }
}

TEST(LabQuadric, NewtonConvergesInOneStepAndAdaptiveMethodsHaveNoTheory) {
  const QuadricReport newton = run_quadric({.lambdas = {1, 10, 100}, .optimizer = "newton"});
  EXPECT_EQ(*newton.theoretical_rate, 0.0);
  EXPECT_LT(newton.norms[1], 1e-14);
  EXPECT_LT(newton.measured_rate, 1e-10);
  const QuadricReport adam = run_quadric({.lambdas = {1, 10}, .optimizer = "adam", .lr = 0.01, .steps = 200});
  EXPECT_FALSE(adam.theoretical_rate.has_value());
  EXPECT_FALSE(adam.optimal.has_value());
  EXPECT_THROW((void)run_quadric({.lambdas = {1, 10}, .optimizer = "adam", .optimal = true}), std::invalid_argument);
  const QuadricReport diverging = run_quadric({.lambdas = {1, 10}, .optimizer = "sgd", .lr = 0.25});
  EXPECT_FALSE(diverging.converges);
  EXPECT_NEAR(diverging.measured_rate, 1.5, 0.015);
  EXPECT_DOUBLE_EQ(diverging.condition_number, 10);
}

}  // namespace
}  // namespace nabla::optim::lab
