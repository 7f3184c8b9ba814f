// contour_plot_svg: contour lines by level, then haloed paths with markers, then legend and axes.
#include <nabla/plot/contour_plot.h>

#include <array>

#include <nabla/plot/colour_map.h>
#include <nabla/plot/legend.h>
#include <nabla/plot/plot_frame.h>
#include <nabla/plot/svg_writer.h>

namespace nabla::plot {

namespace {

constexpr const char* kClipId = "contour-plot-area";

void draw_contours(SvgWriter& svg, const PlotFrame& frame, const Grid& grid, const std::vector<double>& levels) {
  const ColourMap map = viridis();
  svg.open("g", {{"class", "contours"}, {"fill", "none"}, {"stroke-width", 1.0}, {"stroke-linecap", "round"}});
  for (std::size_t k = 0; k < levels.size(); ++k) {
    std::string d;
    for (const Segment& s : contour_segments(grid, levels[k])) {
      const std::array<Point, 2> ends = {frame.to_pixel(s.x0, s.y0), frame.to_pixel(s.x1, s.y1)};
      d += path_data(ends);
    }
    if (d.empty()) continue;
    // Stop short of viridis' pale yellow end, which vanishes on white.
    const double t = levels.size() > 1 ? 0.85 * static_cast<double>(k) / static_cast<double>(levels.size() - 1) : 0;
    svg.element("path", {{"class", "contour"}, {"data-level", format_significant(levels[k], 6)},
                         {"d", d}, {"stroke", to_hex(map(t))}});
  }
  svg.close();
}

}  // namespace

std::string contour_plot_svg(const Grid& grid, std::span<const Path> paths, const ContourPlotOptions& options) {
  check_grid(grid);
  const PlotFrame frame(options.width, options.height, linear_axis(grid.x.lo, grid.x.hi, Bounds::exact),
                        linear_axis(grid.y.lo, grid.y.hi, Bounds::exact),
                        {options.title, options.x_label, options.y_label});
  std::vector<std::vector<std::vector<Point>>> runs;
  for (const Path& p : paths) runs.push_back(frame.runs(p.x, p.y));  // checks the sizes first

  SvgWriter svg(options.width, options.height);
  if (!options.title.empty()) svg.text_element("title", options.title);
  const Rect& area = frame.area();
  svg.open("defs");
  svg.open("clipPath", {{"id", kClipId}});
  svg.element("rect", {{"x", area.x}, {"y", area.y}, {"width", area.width}, {"height", area.height}});
  svg.close();
  svg.close();
  frame.draw_background(svg);
  draw_contours(svg, frame, grid, options.levels.empty() ? auto_levels(grid, options.level_count) : options.levels);

  std::vector<LegendEntry> legend;
  std::vector<std::vector<Point>> obstacles;
  svg.open("g", {{"class", "paths"}, {"clip-path", std::string("url(#") + kClipId + ")"}});
  for (std::size_t k = 0; k < paths.size(); ++k) {
    const std::string colour = paths[k].colour.empty() ? to_hex(series_colour(k)) : paths[k].colour;
    svg.open("g", {{"class", "path"}, {"fill", colour}});
    std::string d;
    for (const auto& run : runs[k]) d += path_data(run);
    if (!d.empty()) {
      // A white halo under the line keeps it readable across contour lines of any colour.
      svg.element("path", {{"d", d}, {"fill", "none"}, {"stroke", "#ffffff"}, {"stroke-width", 4.0},
                           {"stroke-linejoin", "round"}, {"stroke-opacity", 0.8}});
      svg.element("path", {{"d", d}, {"fill", "none"}, {"stroke", colour}, {"stroke-width", 2.0},
                           {"stroke-linejoin", "round"}});
    }
    if (!runs[k].empty()) {
      const Point start = runs[k].front().front();
      svg.element("circle", {{"cx", start.x}, {"cy", start.y}, {"r", 5.0}, {"fill", "none"}, {"stroke", colour},
                             {"stroke-width", 1.5}});
    }
    if (options.markers) {
      for (const auto& run : runs[k]) {
        for (const Point& p : run) {
          svg.element("circle", {{"cx", p.x}, {"cy", p.y}, {"r", 2.5}, {"stroke", "#ffffff"}, {"stroke-width", 0.6}});
        }
      }
    }
    svg.close();
    legend.push_back({.name = paths[k].name, .colour = colour, .marker = options.markers});
    obstacles.insert(obstacles.end(), runs[k].begin(), runs[k].end());
  }
  svg.close();

  draw_legend(svg, place_legend(area, legend_size(legend), obstacles), legend);
  frame.draw_axes(svg);
  return std::move(svg).finish();
}

std::string contour_plot_svg(const std::function<double(double, double)>& f, Range x, Range y,
                             std::span<const Path> paths, const ContourPlotOptions& options) {
  return contour_plot_svg(sample_grid(f, x, y, options.samples, options.samples), paths, options);
}

}  // namespace nabla::plot
