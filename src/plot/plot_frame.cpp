// PlotFrame layout, pixel mapping and axis drawing.
#include <nabla/plot/plot_frame.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace nabla::plot {

namespace {

constexpr double kTickLength = 5;
constexpr double kGap = 4;
constexpr double kEdge = 8;

}  // namespace

double text_width(std::string_view text, double font_size) {
  // UTF-8 continuation bytes (10xxxxxx) do not start a new character.
  const auto characters = std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
  return 0.6 * font_size * static_cast<double>(characters);
}

std::string path_data(std::span<const Point> line) {
  std::string d;
  for (std::size_t i = 0; i < line.size(); ++i) {
    d += i == 0 ? 'M' : 'L';
    d += format_number(line[i].x);
    d += ' ';
    d += format_number(line[i].y);
  }
  return d;
}

PlotFrame::PlotFrame(double width, double height, Axis x, Axis y, FrameLabels labels, double reserve_right)
    : width_(width), height_(height), x_(std::move(x)), y_(std::move(y)), labels_(std::move(labels)) {
  double widest_y_label = 0;
  for (const auto& l : y_.labels) widest_y_label = std::max(widest_y_label, text_width(l, kTickFont));
  const double last_x_label = x_.labels.empty() ? 0 : text_width(x_.labels.back(), kTickFont);
  const double left = kEdge + (labels_.y_label.empty() ? 0 : kLabelFont + kGap * 2) + widest_y_label + kGap +
                      kTickLength;
  const double right = std::max(kEdge * 2, last_x_label / 2 + kEdge) + std::max(0.0, reserve_right);
  const double top = labels_.title.empty() ? kEdge * 2 : kTitleFont + kEdge * 3;
  const double bottom = kTickLength + kGap + kTickFont + kEdge + (labels_.x_label.empty() ? 0 : kLabelFont + kGap * 2);
  area_ = {left, top, width - left - right, height - top - bottom};
  if (!(area_.width >= 20) || !(area_.height >= 20)) {
    throw std::invalid_argument("plot_frame: a " + format_number(width) + " x " + format_number(height) +
                                " canvas leaves no room for the plot area; make it larger");
  }
}

Point PlotFrame::to_pixel(double x, double y) const {
  return {area_.x + x_.fraction(x) * area_.width, area_.bottom() - y_.fraction(y) * area_.height};
}

std::vector<std::vector<Point>> PlotFrame::runs(std::span<const double> x, std::span<const double> y) const {
  if (x.size() != y.size()) {
    throw std::invalid_argument("plot_frame: " + std::to_string(x.size()) + " x values but " +
                                std::to_string(y.size()) + " y values");
  }
  std::vector<std::vector<Point>> result(1);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const Point p = to_pixel(x[i], y[i]);
    if (std::isfinite(p.x) && std::isfinite(p.y)) {
      result.back().push_back(p);
    } else if (!result.back().empty()) {
      result.emplace_back();
    }
  }
  if (result.back().empty()) result.pop_back();
  return result;
}

void PlotFrame::draw_background(SvgWriter& svg) const {
  svg.element("rect", {{"width", width_}, {"height", height_}, {"fill", "#ffffff"}});
  svg.open("g", {{"class", "grid"}, {"stroke", "#e6e6e6"}, {"stroke-width", 1.0}});
  for (double t : x_.ticks) {
    const double px = to_pixel(t, y_.lo).x;
    svg.element("line", {{"x1", px}, {"y1", area_.y}, {"x2", px}, {"y2", area_.bottom()}});
  }
  for (double t : y_.ticks) {
    const double py = to_pixel(x_.lo, t).y;
    svg.element("line", {{"x1", area_.x}, {"y1", py}, {"x2", area_.right()}, {"y2", py}});
  }
  svg.close();
}

void PlotFrame::draw_axes(SvgWriter& svg) const {
  svg.element("rect", {{"class", "frame"}, {"x", area_.x}, {"y", area_.y}, {"width", area_.width},
                       {"height", area_.height}, {"fill", "none"}, {"stroke", "#444444"}});
  svg.open("g", {{"class", "ticks"}, {"font-size", kTickFont}, {"fill", "#333333"}});
  for (std::size_t i = 0; i < x_.ticks.size(); ++i) {
    const double px = to_pixel(x_.ticks[i], y_.lo).x;
    const double y0 = area_.bottom();
    svg.element("line", {{"x1", px}, {"y1", y0}, {"x2", px}, {"y2", y0 + kTickLength}, {"stroke", "#444444"}});
    svg.text(x_.labels[i], {{"x", px}, {"y", y0 + kTickLength + kGap + kTickFont * 0.8}, {"text-anchor", "middle"}});
  }
  for (std::size_t i = 0; i < y_.ticks.size(); ++i) {
    const double py = to_pixel(x_.lo, y_.ticks[i]).y;
    const double x0 = area_.x;
    svg.element("line", {{"x1", x0 - kTickLength}, {"y1", py}, {"x2", x0}, {"y2", py}, {"stroke", "#444444"}});
    svg.text(y_.labels[i], {{"x", x0 - kTickLength - kGap}, {"y", py}, {"dy", "0.35em"}, {"text-anchor", "end"}});
  }
  svg.close();
  if (!labels_.x_label.empty()) {
    svg.text(labels_.x_label, {{"class", "x-label"}, {"x", area_.x + area_.width / 2}, {"y", height_ - kEdge},
                               {"font-size", kLabelFont}, {"text-anchor", "middle"}});
  }
  if (!labels_.y_label.empty()) {
    const double x = kEdge + kLabelFont * 0.8;
    const double y = area_.y + area_.height / 2;
    svg.text(labels_.y_label, {{"class", "y-label"}, {"x", x}, {"y", y}, {"font-size", kLabelFont},
                               {"text-anchor", "middle"},
                               {"transform", "rotate(-90 " + format_number(x) + " " + format_number(y) + ")"}});
  }
  if (!labels_.title.empty()) {
    svg.text(labels_.title, {{"class", "title"}, {"x", width_ / 2}, {"y", kEdge + kTitleFont},
                             {"font-size", kTitleFont}, {"font-weight", "bold"}, {"text-anchor", "middle"}});
  }
}

}  // namespace nabla::plot
