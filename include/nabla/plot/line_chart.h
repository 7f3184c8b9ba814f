// Line charts: named (x, y) series on linear or log axes, with legend and vertical markers, for loss and
// metric curves, learning-rate sweeps and scatters of measurements.
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
  bool dots = false;     // every point a dot and no line: a scatter of trials or measurements
  bool dashed = false;   // a dashed line: a bound or a reference beside measured curves
};

// A dashed vertical line across the plot area at x, named in the legend: a bound, a suggestion, or the
// epoch where a loss stopped being finite.
struct Marker {
  std::string name{};
  double x = 0;
  std::string colour = "#444444";
};

struct LineChartOptions {
  std::string title{}, x_label{}, y_label{};
  bool log_y = false;
  bool log_x = false;
  bool whole_x = false;          // x ticks at whole numbers only (epochs); linear x axes only
  bool legend_outside = false;   // right of the plot area, where it hides nothing; else the emptiest corner
  std::vector<Marker> markers{};
  std::string note{};  // one line written across the middle of the plot area (why it is empty)
  double width = 640, height = 400;
};

// An SVG document of the series as lines. Points with a NaN or infinite coordinate (or <= 0 on a log
// axis) are skipped and break their line; a point left alone between breaks is drawn as a dot.
// Linear axes span the drawable points and markers plus a 4% margin; a log axis spans whole decades.
// Throws std::invalid_argument when a series has different numbers of x and y values, or the
// canvas is too small.
[[nodiscard]] std::string line_chart_svg(std::span<const Series> series, const LineChartOptions& options = {});

}  // namespace nabla::plot
