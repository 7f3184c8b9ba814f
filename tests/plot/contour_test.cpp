// Marching squares against known level sets, saddles, holes in the grid, and automatic levels.
#include <nabla/plot/contour.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace nabla::plot {
namespace {

double bowl(double x, double y) { return x * x + y * y; }
double rosenbrock(double x, double y) { return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x); }

double length(const std::vector<Segment>& segments) {
  double total = 0;
  for (const auto& s : segments) total += std::hypot(s.x1 - s.x0, s.y1 - s.y0);
  return total;
}

TEST(Contour, CircleLevelsOfABowlLieAtTheirRadius) {
  // Grid spacing h = 0.05; linear interpolation of r^2 along an edge misplaces r by at most h^2/(8r)
  // or so, well under the 0.005 allowed here.
  const Grid grid = sample_grid(bowl, {-2, 2}, {-2, 2}, 81, 81);
  for (double radius : {0.5, 1.0, 1.5}) {
    const auto segments = contour_segments(grid, radius * radius);
    ASSERT_FALSE(segments.empty());
    for (const auto& s : segments) {
      EXPECT_NEAR(std::hypot(s.x0, s.y0), radius, 5e-3);
      EXPECT_NEAR(std::hypot(s.x1, s.y1), radius, 5e-3);
    }
    // The chords of a circle are a little shorter than its circumference.
    EXPECT_NEAR(length(segments), 2 * std::numbers::pi * radius, 0.01 * radius);
  }
}

TEST(Contour, NeighbouringCellsShareTheirCrossingsSoACircleCloses) {
  const Grid grid = sample_grid(bowl, {-2, 2}, {-2, 2}, 41, 41);
  std::map<std::pair<double, double>, int> ends;
  for (const auto& s : contour_segments(grid, 1.2)) {
    ++ends[{s.x0, s.y0}];
    ++ends[{s.x1, s.y1}];
  }
  ASSERT_FALSE(ends.empty());
  for (const auto& [point, uses] : ends) EXPECT_EQ(uses, 2) << point.first << ", " << point.second;
}

TEST(Contour, SaddleIsResolvedByTheCentreValue) {
  // f = x y on one cell: corners (-1,-1) and (1,1) are 1, the others -1; the centre mean is 0.
  const Grid grid = sample_grid([](double x, double y) { return x * y; }, {-1, 1}, {-1, 1}, 2, 2);
  // Level 0.5 is above the centre: the two high corners are cut off, each by its own segment.
  auto segments = contour_segments(grid, 0.5);
  ASSERT_EQ(segments.size(), 2u);
  for (const auto& s : segments) {
    const double mx = (s.x0 + s.x1) / 2;
    const double my = (s.y0 + s.y1) / 2;
    EXPECT_GT(mx * my, 0) << "segment should cut off corner (-1,-1) or (1,1)";
  }
  // Level -0.5 is below the centre: the low corners (1,-1) and (-1,1) are cut off.
  segments = contour_segments(grid, -0.5);
  ASSERT_EQ(segments.size(), 2u);
  for (const auto& s : segments) EXPECT_LT((s.x0 + s.x1) * (s.y0 + s.y1), 0);
}

TEST(Contour, CrossingIsInterpolatedLinearly) {
  // f = x on [0, 1]: the level 0.3 crossing sits at x = 0.3 on both horizontal edges.
  const Grid grid = sample_grid([](double x, double) { return x; }, {0, 1}, {0, 1}, 2, 2);
  const auto segments = contour_segments(grid, 0.3);
  ASSERT_EQ(segments.size(), 1u);
  EXPECT_NEAR(segments[0].x0, 0.3, 1e-12);
  EXPECT_NEAR(segments[0].x1, 0.3, 1e-12);
  EXPECT_NEAR(std::abs(segments[0].y1 - segments[0].y0), 1, 1e-12);
}

TEST(Contour, CellsWithNonFiniteCornersAreSkipped) {
  const Grid grid = sample_grid([](double x, double y) { return x > 0 ? NAN : bowl(x, y); }, {-2, 2}, {-2, 2}, 41, 41);
  const auto segments = contour_segments(grid, 1);
  ASSERT_FALSE(segments.empty());
  for (const auto& s : segments) {
    EXPECT_LE(s.x0, 1e-12);
    EXPECT_LE(s.x1, 1e-12);
  }
}

TEST(Contour, LevelOutsideTheValuesHasNoSegments) {
  const Grid grid = sample_grid(bowl, {-1, 1}, {-1, 1}, 11, 11);
  EXPECT_TRUE(contour_segments(grid, 5).empty());
  EXPECT_TRUE(contour_segments(grid, -1).empty());
}

TEST(Grid, SamplesAtEvenlySpacedPointsRowMajorByY) {
  const Grid grid = sample_grid([](double x, double y) { return 10 * x + y; }, {0, 2}, {0, 1}, 3, 2);
  EXPECT_EQ(grid.values, (std::vector<double>{0, 10, 20, 1, 11, 21}));
  EXPECT_DOUBLE_EQ(grid.x_at(1), 1);
  EXPECT_DOUBLE_EQ(grid.y_at(1), 1);
}

TEST(Grid, MalformedGridsThrowWithTheirSizes) {
  EXPECT_THROW((void)sample_grid(bowl, {0, 1}, {0, 1}, 1, 5), std::invalid_argument);
  EXPECT_THROW((void)sample_grid(bowl, {1, 0}, {0, 1}, 5, 5), std::invalid_argument);
  EXPECT_THROW((void)sample_grid(bowl, {0, NAN}, {0, 1}, 5, 5), std::invalid_argument);
  EXPECT_THROW((void)sample_grid(nullptr, {0, 1}, {0, 1}, 5, 5), std::invalid_argument);
  const Grid short_grid{.x = {0, 1}, .y = {0, 1}, .nx = 3, .ny = 3, .values = std::vector<double>(8)};
  try {
    (void)contour_segments(short_grid, 0);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("3 x 3 grid needs 9 values, got 8"), std::string::npos) << e.what();
  }
}

TEST(AutoLevels, EvenlySpacedForABowl) {
  const Grid grid = sample_grid(bowl, {-1, 1}, {-1, 1}, 51, 51);
  const auto levels = auto_levels(grid, 9);
  ASSERT_EQ(levels.size(), 9u);
  // min 0, max 2: levels 0.2, 0.4, ..., 1.8.
  for (std::size_t k = 0; k < levels.size(); ++k) EXPECT_NEAR(levels[k], 0.2 * static_cast<double>(k + 1), 1e-12);
}

TEST(AutoLevels, LogSpacedForRosenbrock) {
  const Grid grid = sample_grid(rosenbrock, {-2, 2}, {-1, 3}, 101, 101);
  const auto levels = auto_levels(grid, 12);
  ASSERT_EQ(levels.size(), 12u);
  const double lo = *std::min_element(grid.values.begin(), grid.values.end());
  const double hi = *std::max_element(grid.values.begin(), grid.values.end());
  // Offsets above the minimum grow by a constant ratio, from well inside the valley to near the top.
  const double ratio = (levels[1] - lo) / (levels[0] - lo);
  EXPECT_GT(ratio, 1.5);
  for (std::size_t k = 1; k + 1 < levels.size(); ++k) {
    EXPECT_NEAR((levels[k + 1] - lo) / (levels[k] - lo), ratio, 1e-9 * ratio);
  }
  EXPECT_LT(levels.front() - lo, 1e-3 * (hi - lo));
  EXPECT_LT(levels.back(), hi);
  EXPECT_GT(levels.back() - lo, 0.2 * (hi - lo));
}

TEST(AutoLevels, NoneForAConstantOrEmptyGrid) {
  EXPECT_TRUE(auto_levels(sample_grid([](double, double) { return 3.0; }, {0, 1}, {0, 1}, 5, 5), 10).empty());
  EXPECT_TRUE(auto_levels(sample_grid([](double, double) { return NAN; }, {0, 1}, {0, 1}, 5, 5), 10).empty());
}

}  // namespace
}  // namespace nabla::plot
