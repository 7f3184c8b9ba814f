// Contour plots: well-formed SVG with level lines, paths with markers, legend, errors.
#include <nabla/plot/contour_plot.h>

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "xml_check.h"

namespace nabla::plot {
namespace {

using testing::count;
using testing::xml_error;

double rosenbrock(double x, double y) { return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x); }

std::vector<Path> trajectories() {
  return {{.name = "SGD", .x = {-1.5, -1.2, -0.9, -0.5}, .y = {2.0, 1.5, 0.9, 0.3}},
          {.name = "Adam & <momentum>", .x = {-1.5, -1.0, 0.0, 0.8, 1.0}, .y = {2.0, 1.2, 0.1, 0.6, 1.0}}};
}

TEST(ContourPlot, IsWellFormedWithLevelsPathsAndLegend) {
  const auto paths = trajectories();
  const std::string svg =
      contour_plot_svg(rosenbrock, {-2, 2}, {-1, 3}, paths, {.title = "Rosenbrock", .x_label = "x", .y_label = "y"});
  EXPECT_EQ(xml_error(svg), "") << svg.substr(0, 2000);
  EXPECT_EQ(count(svg, "class=\"contour\""), 12u);
  EXPECT_EQ(count(svg, "<g class=\"path\""), 2u);
  // A marker per point and a ring on each start.
  EXPECT_EQ(count(svg, "<circle"), 4u + 5u + 2u + 2u) << "points, start rings, legend dots";
  EXPECT_NE(svg.find(">SGD</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Adam &amp; &lt;momentum&gt;</text>"), std::string::npos);
  EXPECT_NE(svg.find("<clipPath id=\"clip-"), std::string::npos);
  EXPECT_NE(svg.find("clip-path=\"url(#clip-"), std::string::npos);
  EXPECT_EQ(count(svg, "http"), 1u) << "only the SVG namespace may name a URL";
}

TEST(ContourPlot, DivergedPathEndsInACrossOnTheEdge) {
  std::vector<Path> paths = trajectories();
  paths[0].diverged = true;
  paths[0].x.push_back(50);  // far right of the grid: the cross sits on the plot area's right edge
  paths[0].y.push_back(1);
  const std::string svg = contour_plot_svg(rosenbrock, {-2, 2}, {-1, 3}, paths, {});
  EXPECT_EQ(xml_error(svg), "") << svg.substr(0, 2000);
  EXPECT_EQ(count(svg, "class=\"diverged\""), 2u) << "a halo and the cross";
  paths[0].diverged = false;
  EXPECT_EQ(count(contour_plot_svg(rosenbrock, {-2, 2}, {-1, 3}, paths, {}), "class=\"diverged\""), 0u);
}

TEST(ContourPlot, FillDrawsCellsAndAColourBar) {
  const std::string svg = contour_plot_svg([](double x, double y) { return x * x + y; }, {-1, 1}, {0, 1}, {},
                                           {.samples = 11, .fill = Range{0, 1}, .fill_label = "rate"});
  EXPECT_EQ(xml_error(svg), "") << svg.substr(0, 2000);
  EXPECT_NE(svg.find("<g class=\"fill\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"colour-bar\""), std::string::npos);
  EXPECT_NE(svg.find(">rate</text>"), std::string::npos);
  EXPECT_NE(svg.find("#d9d9d9"), std::string::npos) << "values above the range are grey";
}

TEST(ContourPlot, GivenLevelsAreDrawnInOrder) {
  const std::vector<double> levels = {0.5, 1, 2};
  const std::string svg = contour_plot_svg([](double x, double y) { return x * x + y * y; }, {-2, 2}, {-2, 2}, {},
                                           {.levels = levels});
  EXPECT_EQ(xml_error(svg), "");
  const auto a = svg.find("data-level=\"0.5\"");
  const auto b = svg.find("data-level=\"1\"");
  const auto c = svg.find("data-level=\"2\"");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(c, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_EQ(count(svg, "class=\"contour\""), 3u);
  EXPECT_EQ(count(svg, "class=\"legend\""), 0u) << "no paths, no legend";
}

TEST(ContourPlot, GridAndFunctionGiveTheSameDrawing) {
  const auto paths = trajectories();
  const Grid grid = sample_grid(rosenbrock, {-2, 2}, {-1, 3}, 31, 31);
  EXPECT_EQ(contour_plot_svg(grid, paths), contour_plot_svg(rosenbrock, {-2, 2}, {-1, 3}, paths, {.samples = 31}));
}

TEST(ContourPlot, NonFinitePointsBreakThePathAndAreNotMarked) {
  const std::vector<Path> paths = {{.name = "diverging", .x = {0, 0.5, NAN, 1, 1.5}, .y = {0, 0.5, NAN, 1, INFINITY}}};
  const std::string svg =
      contour_plot_svg([](double x, double y) { return x * x + y * y; }, {-2, 2}, {-2, 2}, paths, {.markers = true});
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_EQ(count(svg, "<circle"), 3u + 1u + 1u) << "three finite points, the start ring, the legend dot";
  EXPECT_EQ(count(svg, "nan"), 0u);
}

TEST(ContourPlot, MarkersCanBeTurnedOff) {
  const std::string svg = contour_plot_svg(rosenbrock, {-2, 2}, {-1, 3}, trajectories(), {.markers = false});
  EXPECT_EQ(count(svg, "<circle"), 2u) << "only the start rings";
}

TEST(ContourPlot, MalformedInputThrows) {
  const std::vector<Path> bad = {{.name = "p", .x = {0, 1}, .y = {0}}};
  EXPECT_THROW((void)contour_plot_svg(rosenbrock, {-2, 2}, {-1, 3}, bad), std::invalid_argument);
  EXPECT_THROW((void)contour_plot_svg(rosenbrock, {2, -2}, {-1, 3}, {}), std::invalid_argument);
  const Grid empty{.x = {0, 1}, .y = {0, 1}, .nx = 2, .ny = 2, .values = {}};
  EXPECT_THROW((void)contour_plot_svg(empty, {}), std::invalid_argument);
}

}  // namespace
}  // namespace nabla::plot
