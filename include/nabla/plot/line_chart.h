// Line charts: named (x, y) series on linear or log-y axes, with legend, for loss and metric curves.
#pragma once
#include <span>
#include <string>
#include <vector>

namespace nabla::plot {

struct Series {
  std::string name{};  // shown in the legend; an empty name leaves the series out of it
  std::vector<double> x{}, y{};
  // Steps-post: y holds until the next x, then jumps (precision-recall curves).
  bool step = false;
  std::string colour{};  // "#rrggbb"; empty takes the palette colour of the series' position
};

struct LineChartOptions {
  std::string title{}, x_label{}, y_label{};
  bool log_y = false;
  double width = 640, height = 400;
};

// An SVG document of the series as lines. Points with a NaN or infinite coordinate (or y <= 0 on a
// log axis) are skipped and break their line; a point left alone between breaks is drawn as a dot.
// Linear axes span the drawable points plus a 4% margin; a log axis spans whole decades.
// Throws std::invalid_argument when a series has different numbers of x and y values, or the
// canvas is too small.
[[nodiscard]] std::string line_chart_svg(std::span<const Series> series, const LineChartOptions& options = {});

}  // namespace nabla::plot
