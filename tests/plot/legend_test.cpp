// Legend placement: the box goes where it crosses the fewest drawn lines.
#include <nabla/plot/legend.h>

#include <gtest/gtest.h>

#include <vector>

namespace nabla::plot {
namespace {

const Rect kArea{0, 0, 400, 300};

TEST(Legend, SizeGrowsWithEntriesAndNames) {
  const std::vector<LegendEntry> one = {{.name = "loss", .colour = "#000000"}};
  const std::vector<LegendEntry> two = {{.name = "loss", .colour = "#000000"}, {.name = "", .colour = "#000000"},
                                        {.name = "validation loss", .colour = "#000000"}};
  const Point a = legend_size(one);
  const Point b = legend_size(two);
  EXPECT_GT(b.x, a.x);
  EXPECT_GT(b.y, a.y);
}

TEST(Legend, PrefersTheTopRightWhenNothingIsInTheWay) {
  const Rect box = place_legend(kArea, {80, 40}, {});
  EXPECT_DOUBLE_EQ(box.right(), kArea.right() - 8);
  EXPECT_DOUBLE_EQ(box.y, kArea.y + 8);
}

TEST(Legend, AvoidsALineThroughTheTopRight) {
  // A falling diagonal from bottom-left to top-right, as a rising curve is drawn in pixels.
  const std::vector<std::vector<Point>> lines = {{{0, 300}, {200, 150}, {400, 0}}};
  const Rect box = place_legend(kArea, {80, 40}, lines);
  EXPECT_DOUBLE_EQ(box.x, kArea.x + 8) << "top-left is free";
  EXPECT_DOUBLE_EQ(box.y, kArea.y + 8);
}

TEST(Legend, CountsIsolatedPointsAndPicksTheLeastCovered) {
  // Points fill both top corners and the bottom-left; the bottom-right is free.
  std::vector<std::vector<Point>> lines;
  for (const Point corner : {Point{370, 20}, Point{30, 20}, Point{30, 280}}) lines.push_back({corner});
  const Rect box = place_legend(kArea, {80, 40}, lines);
  EXPECT_DOUBLE_EQ(box.right(), kArea.right() - 8);
  EXPECT_DOUBLE_EQ(box.bottom(), kArea.bottom() - 8);
}

}  // namespace
}  // namespace nabla::plot
