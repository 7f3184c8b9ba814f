// line_chart_svg: axes from the drawable points, one path per series, markers, legend where it hides least.
#include <nabla/plot/line_chart.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <nabla/plot/colour_map.h>
#include <nabla/plot/legend.h>
#include <nabla/plot/plot_frame.h>
#include <nabla/plot/svg_writer.h>

namespace nabla::plot {

namespace {

// A 4% margin keeps lines along the extremes (accuracy 1.0, the last epoch) off the frame.
constexpr double kMargin = 0.04;

struct Extent {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
};

bool on_axis(double v, bool log) { return std::isfinite(v) && (!log || v > 0); }

// A run of a steps-post series: after each point, go across to the next x, then up or down to its y.
std::vector<Point> steps(const std::vector<Point>& run) {
  std::vector<Point> out;
  for (std::size_t i = 0; i < run.size(); ++i) {
    if (i > 0) out.push_back({run[i].x, run[i - 1].y});
    out.push_back(run[i]);
  }
  return out;
}

Axis make_axis(const Extent& e, bool log, bool whole) {
  if (log) return log_axis(e.lo, e.hi);
  return whole ? whole_axis(e.lo, e.hi, kMargin) : linear_axis(e.lo, e.hi, kMargin);
}

PlotFrame layout(std::span<const Series> series, const LineChartOptions& o, double legend_reserve) {
  Extent xs, ys;
  for (const Series& s : series) {
    if (s.x.size() != s.y.size()) {
      throw std::invalid_argument("line_chart: series '" + s.name + "' has " + std::to_string(s.x.size()) +
                                  " x values but " + std::to_string(s.y.size()) + " y values");
    }
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!on_axis(s.x[i], o.log_x) || !on_axis(s.y[i], o.log_y)) continue;
      xs.add(s.x[i]);
      ys.add(s.y[i]);
    }
  }
  for (const Marker& m : o.markers)
    if (on_axis(m.x, o.log_x)) xs.add(m.x);
  return PlotFrame(o.width, o.height, make_axis(xs, o.log_x, o.whole_x), make_axis(ys, o.log_y, false),
                   {o.title, o.x_label, o.y_label}, legend_reserve);
}

// Draws one series; returns the pixel polylines it drew, which the legend avoids.
std::vector<std::vector<Point>> draw_series(SvgWriter& svg, const PlotFrame& frame, const Series& s,
                                            const std::string& colour) {
  svg.open("g", {{"class", "series"}, {"stroke", colour}, {"fill", colour}});
  std::vector<std::vector<Point>> drawn;
  std::string d;
  for (auto& run : frame.runs(s.x, s.y)) {
    std::vector<Point> line = s.step ? steps(run) : std::move(run);
    if (line.size() == 1 || s.dots) {
      for (const Point& p : line) svg.element("circle", {{"cx", p.x}, {"cy", p.y}, {"r", 3.0}, {"stroke", "none"}});
      for (const Point& p : line) drawn.push_back({p});
      continue;
    }
    d += path_data(line);
    drawn.push_back(std::move(line));
  }
  if (!d.empty()) {
    svg.element("path", {{"d", d}, {"fill", "none"}, {"stroke-width", 1.8}, {"stroke-linejoin", "round"},
                         {"stroke-linecap", "round"}, {"stroke-dasharray", s.dashed ? "6 4" : "none"}});
  }
  svg.close();
  return drawn;
}

void draw_markers(SvgWriter& svg, const PlotFrame& frame, const std::vector<Marker>& markers,
                  std::vector<std::vector<Point>>& drawn) {
  if (markers.empty()) return;
  const Rect& area = frame.area();
  svg.open("g", {{"class", "markers"}, {"stroke-width", 1.5}, {"stroke-dasharray", "5 3"}});
  for (const Marker& m : markers) {
    const double px = frame.to_pixel(m.x, frame.y_axis().lo).x;
    if (!std::isfinite(px)) continue;
    svg.element("line", {{"class", "marker"}, {"x1", px}, {"y1", area.y}, {"x2", px}, {"y2", area.bottom()},
                         {"stroke", m.colour}});
    drawn.push_back({{px, area.y}, {px, area.bottom()}});
  }
  svg.close();
}

}  // namespace

std::string line_chart_svg(std::span<const Series> series, const LineChartOptions& options) {
  std::vector<LegendEntry> legend;
  for (std::size_t k = 0; k < series.size(); ++k) {
    legend.push_back({.name = series[k].name,
                      .colour = series[k].colour.empty() ? to_hex(series_colour(k)) : series[k].colour,
                      .marker = series[k].dots,
                      .dashed = series[k].dashed});
  }
  for (const Marker& m : options.markers) legend.push_back({.name = m.name, .colour = m.colour, .dashed = true});
  const Point legend_box = legend_size(legend);
  const bool named = std::any_of(legend.begin(), legend.end(), [](const LegendEntry& e) { return !e.name.empty(); });
  const bool outside = options.legend_outside && named;
  const PlotFrame frame = layout(series, options, outside ? legend_box.x + 2 * kLegendInset : 0);

  SvgWriter svg(options.width, options.height);
  if (!options.title.empty()) svg.text_element("title", options.title);
  frame.draw_background(svg);
  std::vector<std::vector<Point>> drawn;
  for (std::size_t k = 0; k < series.size(); ++k) {
    auto lines = draw_series(svg, frame, series[k], legend[k].colour);
    drawn.insert(drawn.end(), std::make_move_iterator(lines.begin()), std::make_move_iterator(lines.end()));
  }
  draw_markers(svg, frame, options.markers, drawn);
  const Rect& area = frame.area();
  if (!options.note.empty()) {
    svg.text(options.note, {{"class", "note"}, {"x", area.x + area.width / 2}, {"y", area.y + area.height / 2},
                            {"text-anchor", "middle"}, {"font-size", kLabelFont}, {"fill", "#666666"}});
  }
  const Rect box = outside ? Rect{area.right() + kLegendInset, area.y, legend_box.x, legend_box.y}
                           : place_legend(area, legend_box, drawn);
  draw_legend(svg, box, legend);
  frame.draw_axes(svg);
  return std::move(svg).finish();
}

}  // namespace nabla::plot
