// Legend sizing, placement by least overlap, and drawing.
#include <nabla/plot/legend.h>

#include <algorithm>
#include <array>
#include <limits>

namespace nabla::plot {

namespace {

constexpr double kPad = 6;
constexpr double kRow = 17;
constexpr double kSwatch = 22;
constexpr double kInset = kLegendInset;

// Whether the segment a-b meets the rectangle (Liang-Barsky clipping: the parameter interval of the
// segment inside all four half-planes is non-empty). A point is a segment with a == b.
bool crosses(Point a, Point b, const Rect& r) {
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  double t0 = 0;
  double t1 = 1;
  const std::array<double, 4> p = {-dx, dx, -dy, dy};
  const std::array<double, 4> q = {a.x - r.x, r.right() - a.x, a.y - r.y, r.bottom() - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

std::size_t named(std::span<const LegendEntry> entries) {
  return static_cast<std::size_t>(
      std::count_if(entries.begin(), entries.end(), [](const LegendEntry& e) { return !e.name.empty(); }));
}

}  // namespace

Point legend_size(std::span<const LegendEntry> entries) {
  double widest = 0;
  for (const auto& e : entries) widest = std::max(widest, text_width(e.name, kTickFont));
  return {kPad * 3 + kSwatch + widest, kPad * 2 + kRow * static_cast<double>(named(entries))};
}

Rect place_legend(const Rect& area, Point size, std::span<const std::vector<Point>> lines) {
  const double left = area.x + kInset;
  const double right = area.right() - kInset - size.x;
  const double top = area.y + kInset;
  const double bottom = area.bottom() - kInset - size.y;
  const double middle = area.y + (area.height - size.y) / 2;
  const std::array<Point, 6> spots = {
      Point{right, top}, Point{left, top}, Point{left, bottom}, Point{right, bottom}, Point{right, middle},
      Point{left, middle}};
  Rect best;
  std::size_t fewest = std::numeric_limits<std::size_t>::max();
  for (const Point& spot : spots) {
    const Rect box{spot.x, spot.y, size.x, size.y};
    std::size_t hits = 0;
    for (const auto& line : lines) {
      for (std::size_t i = 0; i < line.size(); ++i) {
        hits += crosses(line[i], line[std::min(i + 1, line.size() - 1)], box);
      }
    }
    if (hits < fewest) {
      fewest = hits;
      best = box;
    }
  }
  return best;
}

void draw_legend(SvgWriter& svg, const Rect& box, std::span<const LegendEntry> entries) {
  if (named(entries) == 0) return;
  svg.open("g", {{"class", "legend"}, {"font-size", kTickFont}});
  svg.element("rect", {{"x", box.x}, {"y", box.y}, {"width", box.width}, {"height", box.height}, {"rx", 3.0},
                       {"fill", "#ffffff"}, {"fill-opacity", 0.85}, {"stroke", "#bbbbbb"}});
  double y = box.y + kPad + kRow / 2;
  for (const auto& e : entries) {
    if (e.name.empty()) continue;
    const double x0 = box.x + kPad;
    svg.element("line", {{"x1", x0}, {"y1", y}, {"x2", x0 + kSwatch}, {"y2", y}, {"stroke", e.colour},
                         {"stroke-width", 2.0}, {"stroke-dasharray", e.dashed ? "5 3" : "none"}});
    if (e.marker) svg.element("circle", {{"cx", x0 + kSwatch / 2}, {"cy", y}, {"r", 3.0}, {"fill", e.colour}});
    svg.text(e.name, {{"x", x0 + kSwatch + kPad}, {"y", y}, {"dy", "0.35em"}, {"fill", "#222222"}});
    y += kRow;
  }
  svg.close();
}

}  // namespace nabla::plot
