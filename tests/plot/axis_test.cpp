// Nice steps and ticks (1-2-5), tick labels, linear and log axes.
#include <nabla/plot/axis.h>

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace nabla::plot {
namespace {

void expect_values(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i], 1e-12 * std::max(1.0, std::abs(expected[i]))) << "tick " << i;
  }
}

TEST(NiceStep, RoundsUpToOneTwoFiveTimesAPowerOfTen) {
  EXPECT_DOUBLE_EQ(nice_step(0.13), 0.2);
  EXPECT_DOUBLE_EQ(nice_step(7), 10);
  EXPECT_DOUBLE_EQ(nice_step(2), 2);
  EXPECT_DOUBLE_EQ(nice_step(1), 1);
  EXPECT_DOUBLE_EQ(nice_step(0.3), 0.5);
  EXPECT_DOUBLE_EQ(nice_step(45), 50);
  EXPECT_DOUBLE_EQ(nice_step(3e-7), 5e-7);
  EXPECT_THROW((void)nice_step(0), std::invalid_argument);
}

TEST(NiceTicks, MultiplesOfTheStepInsideTheRange) {
  expect_values(nice_ticks(0, 1, 6), {0, 0.2, 0.4, 0.6, 0.8, 1.0});
  // Step 5 would give only 0, 5, 10; step 2 gives eight ticks, closer to the six asked for.
  expect_values(nice_ticks(-3.7, 12.2, 6), {-2, 0, 2, 4, 6, 8, 10, 12});
  expect_values(nice_ticks(-1, 1, 5), {-1, -0.5, 0, 0.5, 1});
  expect_values(nice_ticks(95, 1005, 6), {200, 400, 600, 800, 1000});
  expect_values(nice_ticks(4, 4), {4});
  EXPECT_THROW((void)nice_ticks(2, 1), std::invalid_argument);
}

TEST(NiceTicks, ZeroIsExactlyZero) {
  for (double t : nice_ticks(-0.3, 0.3, 7)) {
    if (std::abs(t) < 1e-9) {
      EXPECT_FALSE(std::signbit(t));
    }
  }
}

TEST(FormatTick, DecimalsFollowTheStep) {
  EXPECT_EQ(format_tick(0.75, 0.25), "0.75");
  EXPECT_EQ(format_tick(-0.75, 0.25), "-0.75");
  EXPECT_EQ(format_tick(1, 0.2), "1.0");
  EXPECT_EQ(format_tick(1000, 200), "1000");
  EXPECT_EQ(format_tick(0.3, 0.1), "0.3");
  EXPECT_EQ(format_tick(0, 0.1), "0");
}

TEST(FormatTick, ScientificForVeryLargeOrSmallMagnitudes) {
  EXPECT_EQ(format_tick(2.5e6, 5e5), "2.5e6");
  EXPECT_EQ(format_tick(3e6, 5e5), "3e6");
  EXPECT_EQ(format_tick(1e-5, 1e-5), "1e-5");
}

TEST(LinearAxis, SpansTheDataWithTicksInside) {
  const Axis axis = linear_axis(-2.2, 2.3);
  EXPECT_DOUBLE_EQ(axis.lo, -2.2);
  EXPECT_DOUBLE_EQ(axis.hi, 2.3);
  expect_values(axis.ticks, {-2, -1, 0, 1, 2});
  EXPECT_EQ(axis.labels, (std::vector<std::string>{"-2", "-1", "0", "1", "2"}));
}

TEST(LinearAxis, MarginWidensBothSides) {
  // [0, 1] with a 5% margin: [-0.05, 1.05], the ticks still 0 to 1.
  const Axis axis = linear_axis(0, 1, 0.05);
  EXPECT_DOUBLE_EQ(axis.lo, -0.05);
  EXPECT_DOUBLE_EQ(axis.hi, 1.05);
  expect_values(axis.ticks, {0, 0.2, 0.4, 0.6, 0.8, 1.0});
  EXPECT_EQ(axis.labels, (std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
}

TEST(LinearAxis, LabelsCarryNoRoundingNoise) {
  const Axis axis = linear_axis(0.1, 0.7, 0, 7);
  EXPECT_EQ(axis.labels, (std::vector<std::string>{"0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"}));
}

TEST(LinearAxis, DegenerateAndMissingRanges) {
  const Axis single = linear_axis(5, 5);
  EXPECT_LT(single.lo, 5);
  EXPECT_GT(single.hi, 5);
  const Axis zero = linear_axis(0, 0);
  EXPECT_LT(zero.lo, 0);
  EXPECT_GT(zero.hi, 0);
  const Axis none = linear_axis(INFINITY, -INFINITY);  // the extent of no points
  EXPECT_DOUBLE_EQ(none.lo, 0);
  EXPECT_DOUBLE_EQ(none.hi, 1);
}

TEST(LogAxis, DecadesAroundTheData) {
  const Axis axis = log_axis(0.003, 250);
  EXPECT_DOUBLE_EQ(axis.lo, 1e-3);
  EXPECT_DOUBLE_EQ(axis.hi, 1e3);
  expect_values(axis.ticks, {1e-3, 1e-2, 1e-1, 1, 10, 100, 1000});
  EXPECT_EQ(axis.labels, (std::vector<std::string>{"0.001", "0.01", "0.1", "1", "10", "100", "1000"}));
}

TEST(LogAxis, ManyDecadesAreThinnedToAboutEightTicks) {
  const Axis axis = log_axis(1e-12, 1);
  EXPECT_LE(axis.ticks.size(), 8u);
  expect_values(axis.ticks, {1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1});
  EXPECT_EQ(axis.labels.front(), "1e-12");
}

TEST(LogAxis, WithinADecadeTwosAndFivesAreTicked) {
  const Axis axis = log_axis(0.2, 0.9);
  EXPECT_DOUBLE_EQ(axis.lo, 0.1);
  EXPECT_DOUBLE_EQ(axis.hi, 1);
  expect_values(axis.ticks, {0.1, 0.2, 0.5, 1});
  EXPECT_EQ(axis.labels, (std::vector<std::string>{"0.1", "0.2", "0.5", "1"}));
}

TEST(Axis, FractionIsNanOffTheAxis) {
  const Axis log = log_axis(1, 100);
  EXPECT_NEAR(log.fraction(10), 0.5, 1e-12);
  EXPECT_TRUE(std::isnan(log.fraction(0)));
  EXPECT_TRUE(std::isnan(log.fraction(-1)));
  const Axis linear = linear_axis(0, 10);
  EXPECT_NEAR(linear.fraction(2.5), 0.25, 1e-12);
  EXPECT_TRUE(std::isnan(linear.fraction(NAN)));
  EXPECT_TRUE(std::isnan(linear.fraction(INFINITY)));
}

}  // namespace
}  // namespace nabla::plot
