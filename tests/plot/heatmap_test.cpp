// Heatmaps: one cell and one value per entry, row normalisation, NaN cells, labels, errors.
#include <nabla/plot/heatmap.h>

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

// The text of the <g class="values"> group.
std::string values_group(const std::string& svg) {
  const auto start = svg.find("<g class=\"values\"");
  if (start == std::string::npos) return "";
  return svg.substr(start, svg.find("</g>", start) - start);
}

// ">42</text>", the end of a cell's text element for an integer value.
std::string cell_text(double v) {
  std::string s = ">";
  s += std::to_string(static_cast<int>(v));
  s += "</text>";
  return s;
}

const std::vector<double> kConfusion = {50, 2, 3,  //
                                        4, 40, 6,  //
                                        0, 7, 43};

TEST(Heatmap, OneCellAndOneValuePerEntry) {
  const std::string svg = heatmap_svg(kConfusion, 3, 3,
                                      {.title = "confusion", .x_label = "predicted", .y_label = "true",
                                       .row_labels = {"cat", "dog", "bird"}, .column_labels = {"cat", "dog", "bird"}});
  EXPECT_EQ(xml_error(svg), "") << svg;
  EXPECT_EQ(count(svg, "class=\"cell\""), 9u);
  const std::string values = values_group(svg);
  EXPECT_EQ(count(values, "<text"), 9u);
  for (double v : kConfusion) {
    EXPECT_EQ(count(values, cell_text(v)), 1u) << v;
  }
  EXPECT_EQ(count(svg, ">cat</text>"), 2u);  // as row and as column label
  EXPECT_NE(svg.find(">predicted</text>"), std::string::npos);
  EXPECT_NE(svg.find(">true</text>"), std::string::npos);
  EXPECT_EQ(count(svg, "http"), 1u) << "only the SVG namespace may name a URL";
}

TEST(Heatmap, ValuesAreWrittenRowByRow) {
  const std::string values = values_group(heatmap_svg(kConfusion, 3, 3));
  std::size_t at = 0;
  for (double v : kConfusion) {
    at = values.find(cell_text(v), at);
    ASSERT_NE(at, std::string::npos) << "value " << v << " out of order";
  }
}

TEST(Heatmap, NormaliseRowsDividesByTheRowSum) {
  const std::vector<double> counts = {3, 1, 0, 0};
  const auto normalised = normalise_rows(counts, 2, 2);
  EXPECT_DOUBLE_EQ(normalised[0], 0.75);
  EXPECT_DOUBLE_EQ(normalised[1], 0.25);
  EXPECT_TRUE(std::isnan(normalised[2])) << "an empty row has no proportions";
  EXPECT_TRUE(std::isnan(normalised[3]));
}

TEST(Heatmap, NormalisedCellsShowTwoDecimalsAndEmptyRowsADash) {
  const std::vector<double> counts = {3, 1, 0, 0};
  const std::string svg = heatmap_svg(counts, 2, 2, {.normalise_rows = true});
  EXPECT_EQ(xml_error(svg), "") << svg;
  const std::string values = values_group(svg);
  EXPECT_EQ(count(values, ">0.75</text>"), 1u);
  EXPECT_EQ(count(values, ">0.25</text>"), 1u);
  EXPECT_EQ(count(values, ">-</text>"), 2u);
  EXPECT_EQ(count(svg, "fill=\"#dddddd\""), 2u) << "undefined cells are grey";
}

TEST(Heatmap, NonIntegerValuesGetThreeSignificantDigitsOrAllIntegerDigits) {
  const std::vector<double> v = {0.12345, 2.5, 1000.25, -3};
  const std::string values = values_group(heatmap_svg(v, 2, 2));
  for (const char* text : {">0.123</text>", ">2.5</text>", ">1000</text>", ">-3</text>"}) {
    EXPECT_NE(values.find(text), std::string::npos) << text << " in " << values;
  }
}

TEST(Heatmap, DarkCellsGetLightText) {
  const std::vector<double> v = {0, 100};
  const std::string values = values_group(heatmap_svg(v, 1, 2));
  EXPECT_NE(values.find("fill=\"#222222\">0</text>"), std::string::npos) << values;
  EXPECT_NE(values.find("fill=\"#ffffff\">100</text>"), std::string::npos) << values;
}

TEST(Heatmap, LabelsAreEscaped) {
  const std::vector<double> v = {1, 2};
  const std::string svg = heatmap_svg(v, 1, 2, {.row_labels = {"<a&b>"}, .column_labels = {"\"x\"", "y"}});
  EXPECT_EQ(xml_error(svg), "") << svg;
  EXPECT_NE(svg.find(">&lt;a&amp;b&gt;</text>"), std::string::npos);
  EXPECT_NE(svg.find(">&quot;x&quot;</text>"), std::string::npos);
}

TEST(Heatmap, LargeMatricesHideTheValues) {
  // 60 x 60 cells shrink to 12 px, too small for three digits in a legible font.
  const std::vector<double> v(60 * 60, 123.0);
  const std::string svg = heatmap_svg(v, 60, 60);
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_EQ(count(svg, "class=\"cell\""), 3600u);
  EXPECT_TRUE(values_group(svg).empty());
  EXPECT_TRUE(values_group(heatmap_svg(kConfusion, 3, 3, {.show_values = false})).empty());
}

TEST(Heatmap, WrongSizesThrow) {
  EXPECT_THROW((void)heatmap_svg(kConfusion, 2, 3), std::invalid_argument);
  EXPECT_THROW((void)heatmap_svg({}, 0, 0), std::invalid_argument);
  try {
    (void)heatmap_svg(kConfusion, 3, 3, {.row_labels = {"a", "b"}});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("2 row labels for 3 rows"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace nabla::plot
