// PlotFrame: the layout of a chart (plot area, margins for ticks, labels and title) and its axes.
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nabla/plot/axis.h>
#include <nabla/plot/svg_writer.h>

namespace nabla::plot {

struct Point {
  double x = 0, y = 0;
};

struct Rect {
  double x = 0, y = 0, width = 0, height = 0;
  [[nodiscard]] double right() const { return x + width; }
  [[nodiscard]] double bottom() const { return y + height; }
};

// Font sizes in px shared by the charts.
inline constexpr double kTickFont = 11;
inline constexpr double kLabelFont = 13;
inline constexpr double kTitleFont = 15;

// Estimated rendered width of text in a sans-serif font: about 0.6 em a character (generous, so that
// layouts err towards room to spare).
[[nodiscard]] double text_width(std::string_view text, double font_size);

// SVG path data through the points: "M x0 y0L x1 y1L ...".
[[nodiscard]] std::string path_data(std::span<const Point> line);

struct FrameLabels {
  std::string title{}, x_label{}, y_label{};
};

class PlotFrame {
 public:
  // Lays out a width x height canvas: margins fit the tick labels, axis labels and title, and
  // reserve_right px are kept free right of the plot area (for a legend or colour bar); the plot area
  // gets the rest. Throws std::invalid_argument when the canvas is too small to leave any.
  PlotFrame(double width, double height, Axis x, Axis y, FrameLabels labels, double reserve_right = 0);

  [[nodiscard]] const Rect& area() const { return area_; }
  [[nodiscard]] const Axis& x_axis() const { return x_; }
  [[nodiscard]] const Axis& y_axis() const { return y_; }

  // Pixel position of a data point; NaN coordinates when a value is not on its axis.
  [[nodiscard]] Point to_pixel(double x, double y) const;
  // The points of (x, y) in pixels, cut into runs at every point that is not on the axes (NaN, Inf,
  // or <= 0 on a log axis), so a line drawn through each run breaks there. Sizes must match.
  [[nodiscard]] std::vector<std::vector<Point>> runs(std::span<const double> x, std::span<const double> y) const;

  // White canvas and light grid lines at the ticks; drawn before the data.
  void draw_background(SvgWriter& svg) const;
  // Axis box, ticks, tick labels, axis labels and title; drawn after the data.
  void draw_axes(SvgWriter& svg) const;

 private:
  double width_, height_;
  Axis x_, y_;
  FrameLabels labels_;
  Rect area_;
};

}  // namespace nabla::plot
