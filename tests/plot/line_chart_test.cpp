// Line charts: well-formed SVG, escaping, NaN breaks, log axes, steps, legend, errors.
// GCC 12 at -O1 (the sanitizer build) flags std::regex's internal std::function moves as maybe
// uninitialised, a false positive inside libstdc++; this file is the only user of <regex>.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <nabla/plot/line_chart.h>

#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "xml_check.h"

namespace nabla::plot {
namespace {

using testing::count;
using testing::xml_error;

// The d attributes of the <path> elements inside series groups, in order.
std::vector<std::string> series_paths(const std::string& svg) {
  std::vector<std::string> out;
  const std::regex path(R"re(<g class="series"[^>]*>\s*(?:<circle[^>]*/>\s*)*<path d="([^"]*)")re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), path); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

std::vector<Series> loss_curves() {
  std::vector<double> epochs, train, val;
  for (int e = 1; e <= 20; ++e) {
    epochs.push_back(e);
    train.push_back(2.3 * std::exp(-0.2 * e));
    val.push_back(2.3 * std::exp(-0.15 * e) + 0.05);
  }
  return {{.name = "train", .x = epochs, .y = train}, {.name = "val", .x = epochs, .y = val}};
}

TEST(LineChart, IsWellFormedAndSelfContained) {
  const auto series = loss_curves();
  const std::string svg = line_chart_svg(series, {.title = "loss", .x_label = "epoch", .y_label = "cross-entropy"});
  EXPECT_EQ(xml_error(svg), "") << svg;
  EXPECT_EQ(count(svg, "<g class=\"series\""), 2u);
  EXPECT_EQ(count(svg, "http"), 1u) << "only the SVG namespace may name a URL";
  EXPECT_EQ(count(svg, "<script"), 0u);
  EXPECT_EQ(count(svg, "href"), 0u);
  EXPECT_NE(svg.find(">epoch</text>"), std::string::npos);
  EXPECT_NE(svg.find(">cross-entropy</text>"), std::string::npos);
  EXPECT_NE(svg.find(">train</text>"), std::string::npos);
  EXPECT_NE(svg.find(">val</text>"), std::string::npos);
}

TEST(LineChart, EscapesTitlesLabelsAndNames) {
  const std::vector<Series> series = {{.name = "a<b & \"c\"", .x = {0, 1}, .y = {0, 1}}};
  const std::string svg = line_chart_svg(series, {.title = "<loss & acc>", .x_label = "x'"});
  EXPECT_EQ(xml_error(svg), "") << svg;
  EXPECT_NE(svg.find("&lt;loss &amp; acc&gt;"), std::string::npos);
  EXPECT_NE(svg.find("a&lt;b &amp; &quot;c&quot;"), std::string::npos);
  EXPECT_NE(svg.find("x&apos;"), std::string::npos);
}

TEST(LineChart, NonFinitePointsBreakTheLine) {
  const std::vector<Series> series = {{.name = "loss", .x = {0, 1, 2, 3, 4, 5}, .y = {1, 2, NAN, 4, INFINITY, 6}}};
  const std::string svg = line_chart_svg(series);
  EXPECT_EQ(xml_error(svg), "") << svg;
  const auto paths = series_paths(svg);
  ASSERT_EQ(paths.size(), 1u);
  EXPECT_EQ(count(paths[0], "M"), 1u) << paths[0];  // only 0..1 is a line
  // 3 and 5 stand alone between breaks: drawn as dots.
  EXPECT_EQ(count(svg, "<circle"), 2u);
  EXPECT_EQ(count(svg, "nan"), 0u);
  EXPECT_EQ(count(svg, "inf"), 0u);
}

TEST(LineChart, TwoRunsGiveTwoSubpaths) {
  const std::vector<Series> series = {{.name = "s", .x = {0, 1, 2, 3, 4}, .y = {1, 2, NAN, 4, 5}}};
  const auto paths = series_paths(line_chart_svg(series));
  ASSERT_EQ(paths.size(), 1u);
  EXPECT_EQ(count(paths[0], "M"), 2u) << paths[0];
  EXPECT_EQ(count(paths[0], "L"), 2u) << paths[0];
}

TEST(LineChart, AllNonFiniteSeriesStillGiveAChart) {
  const std::vector<Series> series = {{.name = "diverged", .x = {0, 1}, .y = {NAN, NAN}}};
  const std::string svg = line_chart_svg(series, {.title = "nothing to draw"});
  EXPECT_EQ(xml_error(svg), "") << svg;
  EXPECT_TRUE(series_paths(svg).empty());
  EXPECT_EQ(xml_error(line_chart_svg({})), "");
}

TEST(LineChart, LogAxisSkipsNonPositiveValues) {
  const std::vector<Series> series = {{.name = "loss", .x = {0, 1, 2, 3, 4, 5}, .y = {100, 10, 1, 0.1, 0, -1}}};
  const std::string svg = line_chart_svg(series, {.log_y = true});
  EXPECT_EQ(xml_error(svg), "") << svg;
  for (const char* label : {">0.1</text>", ">1</text>", ">10</text>", ">100</text>"}) {
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  }
  const auto paths = series_paths(svg);
  ASSERT_EQ(paths.size(), 1u);
  EXPECT_EQ(count(paths[0], "L"), 3u) << "four positive points, three segments: " << paths[0];
}

TEST(LineChart, StepSeriesHoldsEachValueUntilTheNextX) {
  const std::vector<Series> series = {{.name = "PR", .x = {0, 0.5, 1}, .y = {1, 0.8, 0.6}, .step = true}};
  const auto paths = series_paths(line_chart_svg(series));
  ASSERT_EQ(paths.size(), 1u);
  // 3 points steps-post: point, corner, point, corner, point.
  EXPECT_EQ(count(paths[0], "L"), 4u) << paths[0];
  // Each corner shares x with the next point and y with the previous one: the path alternates
  // horizontal and vertical moves.
  std::vector<double> xs, ys;
  const std::regex xy(R"([ML](-?[0-9.]+) (-?[0-9.]+))");
  for (auto it = std::sregex_iterator(paths[0].begin(), paths[0].end(), xy); it != std::sregex_iterator(); ++it) {
    xs.push_back(std::stod((*it)[1]));
    ys.push_back(std::stod((*it)[2]));
  }
  ASSERT_EQ(xs.size(), 5u);
  EXPECT_DOUBLE_EQ(ys[1], ys[0]);
  EXPECT_DOUBLE_EQ(xs[2], xs[1]);
  EXPECT_DOUBLE_EQ(ys[3], ys[2]);
  EXPECT_DOUBLE_EQ(xs[4], xs[3]);
}

// The number attribute `name` of the first element opening with `tag` after `from`.
double attribute(const std::string& svg, const std::string& tag, const std::string& name, std::size_t from = 0) {
  const std::size_t at = svg.find(tag, from);
  const std::size_t value = svg.find(name + "=\"", at) + name.size() + 2;
  return std::stod(svg.substr(value, svg.find('"', value) - value));
}

TEST(LineChart, WholeXTicksAreWholeNumbers) {
  const std::vector<Series> series = {{.name = "loss", .x = {1, 2, 3, 4}, .y = {1, 0.5, 0.3, 0.2}}};
  EXPECT_NE(line_chart_svg(series).find(">1.5</text>"), std::string::npos) << "the default axis takes half steps";
  const std::string svg = line_chart_svg(series, {.whole_x = true});
  EXPECT_EQ(xml_error(svg), "") << svg;
  for (const char* half : {">1.5</text>", ">2.5</text>", ">3.5</text>"}) EXPECT_EQ(svg.find(half), std::string::npos);
  for (const char* whole : {">1</text>", ">2</text>", ">3</text>", ">4</text>"})
    EXPECT_NE(svg.find(whole), std::string::npos) << whole;
}

TEST(LineChart, MarkersAreNamedDashedLinesAndTheNoteIsWritten) {
  const std::vector<Series> series = {{.name = "loss", .x = {1, 2, 3}, .y = {1, 0.5, NAN}}};
  const std::string svg = line_chart_svg(
      series, {.markers = {{.name = "loss non-finite at epoch 3", .x = 3}}, .note = "nothing finite"});
  EXPECT_EQ(xml_error(svg), "") << svg;
  EXPECT_EQ(count(svg, "class=\"marker\""), 1u);
  EXPECT_NE(svg.find(">loss non-finite at epoch 3</text>"), std::string::npos);
  EXPECT_NE(svg.find(">nothing finite</text>"), std::string::npos);
}

TEST(LineChart, OutsideLegendLiesRightOfThePlotArea) {
  const auto series = loss_curves();
  const std::string svg = line_chart_svg(series, {.legend_outside = true});
  EXPECT_EQ(xml_error(svg), "") << svg;
  const double area_right = attribute(svg, "class=\"frame\"", "x") + attribute(svg, "class=\"frame\"", "width");
  const double legend_x = attribute(svg, "<g class=\"legend\"", "x", 0);
  EXPECT_GT(legend_x, area_right);
  const std::string inside = line_chart_svg(series);
  EXPECT_LT(attribute(inside, "<g class=\"legend\"", "x"),
            attribute(inside, "class=\"frame\"", "x") + attribute(inside, "class=\"frame\"", "width"));
}

TEST(LineChart, UnnamedSeriesAreLeftOutOfTheLegend) {
  const std::vector<Series> series = {{.name = "", .x = {0, 1}, .y = {0, 1}},
                                      {.name = "kept", .x = {0, 1}, .y = {1, 0}}};
  const std::string svg = line_chart_svg(series);
  const auto start = svg.find("class=\"legend\"");
  ASSERT_NE(start, std::string::npos);
  const auto legend = svg.substr(start, svg.find("</g>", start) - start);
  EXPECT_EQ(count(legend, "<text"), 1u);
  EXPECT_EQ(count(line_chart_svg(std::vector<Series>{{.x = {0, 1}, .y = {0, 1}}}), "class=\"legend\""), 0u);
}

TEST(LineChart, ExplicitColourIsUsed) {
  const std::vector<Series> series = {{.name = "s", .x = {0, 1}, .y = {0, 1}, .colour = "#123456"}};
  EXPECT_NE(line_chart_svg(series).find("stroke=\"#123456\""), std::string::npos);
}

TEST(LineChart, MismatchedSizesThrowNamingTheSeries) {
  const std::vector<Series> series = {{.name = "val acc", .x = {0, 1, 2}, .y = {0, 1}}};
  try {
    (void)line_chart_svg(series);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'val acc' has 3 x values but 2 y values"), std::string::npos) << e.what();
  }
}

TEST(LineChart, TooSmallCanvasThrows) {
  EXPECT_THROW((void)line_chart_svg(loss_curves(), {.width = 40, .height = 30}), std::invalid_argument);
}

}  // namespace
}  // namespace nabla::plot
