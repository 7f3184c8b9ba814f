// line_chart_svg: axes from the drawable points, one path per series, legend where it hides least.
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

struct Extent {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
};

// A run of a steps-post series: after each point, go across to the next x, then up or down to its y.
std::vector<Point> steps(const std::vector<Point>& run) {
  std::vector<Point> out;
  for (std::size_t i = 0; i < run.size(); ++i) {
    if (i > 0) out.push_back({run[i].x, run[i - 1].y});
    out.push_back(run[i]);
  }
  return out;
}

}  // namespace

std::string line_chart_svg(std::span<const Series> series, const LineChartOptions& options) {
  Extent xs, ys;
  for (const Series& s : series) {
    if (s.x.size() != s.y.size()) {
      throw std::invalid_argument("line_chart: series '" + s.name + "' has " + std::to_string(s.x.size()) +
                                  " x values but " + std::to_string(s.y.size()) + " y values");
    }
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      const bool drawable = std::isfinite(s.x[i]) && std::isfinite(s.y[i]) && (!options.log_y || s.y[i] > 0);
      if (!drawable) continue;
      xs.add(s.x[i]);
      ys.add(s.y[i]);
    }
  }
  // A 4% margin keeps lines along the extremes (accuracy 1.0, the last epoch) off the frame.
  constexpr double kMargin = 0.04;
  Axis y_axis = options.log_y ? log_axis(ys.lo, ys.hi) : linear_axis(ys.lo, ys.hi, kMargin);
  const PlotFrame frame(options.width, options.height, linear_axis(xs.lo, xs.hi, kMargin), std::move(y_axis),
                        {options.title, options.x_label, options.y_label});

  SvgWriter svg(options.width, options.height);
  if (!options.title.empty()) svg.text_element("title", options.title);
  frame.draw_background(svg);

  std::vector<std::vector<Point>> drawn;
  std::vector<LegendEntry> legend;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const Series& s = series[k];
    const std::string colour = s.colour.empty() ? to_hex(series_colour(k)) : s.colour;
    svg.open("g", {{"class", "series"}, {"stroke", colour}, {"fill", colour}});
    std::string d;
    for (auto& run : frame.runs(s.x, s.y)) {
      std::vector<Point> line = s.step ? steps(run) : std::move(run);
      if (line.size() == 1) {
        svg.element("circle", {{"cx", line[0].x}, {"cy", line[0].y}, {"r", 2.5}, {"stroke", "none"}});
      } else {
        d += path_data(line);
      }
      drawn.push_back(std::move(line));
    }
    if (!d.empty()) {
      svg.element("path", {{"d", d}, {"fill", "none"}, {"stroke-width", 1.8}, {"stroke-linejoin", "round"},
                           {"stroke-linecap", "round"}});
    }
    svg.close();
    legend.push_back({.name = s.name, .colour = colour});
  }

  const Rect box = place_legend(frame.area(), legend_size(legend), drawn);
  draw_legend(svg, box, legend);
  frame.draw_axes(svg);
  return std::move(svg).finish();
}

}  // namespace nabla::plot
