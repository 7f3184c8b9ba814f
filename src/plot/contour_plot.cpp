// contour_plot_svg: contour lines by level, then haloed paths with markers, then legend and axes.
#include <nabla/plot/contour_plot.h>

#include <array>

#include <nabla/plot/colour_map.h>
#include <nabla/plot/legend.h>
#include <nabla/plot/plot_frame.h>
#include <nabla/plot/svg_writer.h>

namespace nabla::plot {

namespace {

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
    svg.element("path", {{"class", "contour"}, {"data-level", format_significant(levels[k], 6)}, {"d", d},
                         {"stroke", to_hex(map(t))}});
  }
  svg.close();
}

// One path: a white halo under the line (readable across contour lines of any colour), a ring on
// its first point, and optionally a dot on every point.
void draw_path(SvgWriter& svg, const std::vector<std::vector<Point>>& runs, const std::string& colour, bool markers) {
  svg.open("g", {{"class", "path"}, {"fill", colour}});
  std::string d;
  for (const auto& run : runs) d += path_data(run);
  if (!d.empty()) {
    svg.element("path", {{"d", d}, {"fill", "none"}, {"stroke", "#ffffff"}, {"stroke-width", 4.0},
                         {"stroke-linejoin", "round"}, {"stroke-opacity", 0.8}});
    svg.element("path", {{"d", d}, {"fill", "none"}, {"stroke", colour}, {"stroke-width", 2.0},
                         {"stroke-linejoin", "round"}});
  }
  if (!runs.empty()) {
    const Point start = runs.front().front();
    svg.element("circle", {{"cx", start.x}, {"cy", start.y}, {"r", 5.0}, {"fill", "none"}, {"stroke", colour},
                           {"stroke-width", 1.5}});
  }
  if (markers) {
    for (const auto& run : runs) {
      for (const Point& p : run) {
        svg.element("circle", {{"cx", p.x}, {"cy", p.y}, {"r", 2.5}, {"stroke", "#ffffff"}, {"stroke-width", 0.6}});
      }
    }
  }
  svg.close();
}

}  // namespace

std::string contour_plot_svg(const Grid& grid, std::span<const Path> paths, const ContourPlotOptions& options) {
  check_grid(grid);
  const PlotFrame frame(options.width, options.height, linear_axis(grid.x.lo, grid.x.hi),
                        linear_axis(grid.y.lo, grid.y.hi), {options.title, options.x_label, options.y_label});
  std::vector<std::vector<std::vector<Point>>> runs;
  for (const Path& p : paths) runs.push_back(frame.runs(p.x, p.y));  // checks the sizes first

  SvgWriter svg(options.width, options.height);
  if (!options.title.empty()) svg.text_element("title", options.title);
  // Paths leave the grid's ranges when an optimizer overshoots; they are clipped to the plot area.
  // The id spells out the rectangle, so documents inlined in one HTML page never clash over it.
  const Rect& area = frame.area();
  const std::string clip_id = "clip-" + format_number(area.x) + "-" + format_number(area.y) + "-" +
                              format_number(area.width) + "-" + format_number(area.height);
  svg.open("defs");
  svg.open("clipPath", {{"id", clip_id}});
  svg.element("rect", {{"x", area.x}, {"y", area.y}, {"width", area.width}, {"height", area.height}});
  svg.close();
  svg.close();
  frame.draw_background(svg);
  draw_contours(svg, frame, grid, options.levels.empty() ? auto_levels(grid, options.level_count) : options.levels);

  std::vector<LegendEntry> legend;
  std::vector<std::vector<Point>> obstacles;
  svg.open("g", {{"class", "paths"}, {"clip-path", "url(#" + clip_id + ")"}});
  for (std::size_t k = 0; k < paths.size(); ++k) {
    const std::string colour = paths[k].colour.empty() ? to_hex(series_colour(k)) : paths[k].colour;
    draw_path(svg, runs[k], colour, options.markers);
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
