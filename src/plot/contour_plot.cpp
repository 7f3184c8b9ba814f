// contour_plot_svg: filled cells, contour lines by level, then haloed paths with markers, legend and axes.
#include <nabla/plot/contour_plot.h>

#include <algorithm>
#include <array>
#include <cmath>

#include <nabla/plot/colour_bar.h>
#include <nabla/plot/colour_map.h>
#include <nabla/plot/legend.h>
#include <nabla/plot/plot_frame.h>
#include <nabla/plot/svg_writer.h>

namespace nabla::plot {

namespace {

constexpr double kBarGap = 14;
// Filled cells take one of this many colours, so that neighbours of one colour merge into one rect.
constexpr int kFillShades = 64;
constexpr const char* kAboveRange = "#d9d9d9";

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

// The colour of a value on the fill scale: a shade index, or -1 above the range, -2 when not finite.
int shade(double v, Range r) {
  if (!std::isfinite(v)) return -2;
  if (v > r.hi) return -1;
  return static_cast<int>(std::lround(std::clamp((v - r.lo) / (r.hi - r.lo), 0.0, 1.0) * (kFillShades - 1)));
}

// One rect per run of equal shades along a grid row; each grid value covers the cell around its point.
void draw_fill(SvgWriter& svg, const PlotFrame& frame, const Grid& grid, Range range) {
  const ColourMap map = viridis();
  const double dx = (grid.x.hi - grid.x.lo) / static_cast<double>(grid.nx - 1);
  const double dy = (grid.y.hi - grid.y.lo) / static_cast<double>(grid.ny - 1);
  svg.open("g", {{"class", "fill"}, {"stroke", "none"}});
  for (std::size_t j = 0; j < grid.ny; ++j) {
    for (std::size_t i = 0; i < grid.nx;) {
      const int s = shade(grid.at(i, j), range);
      std::size_t end = i + 1;
      while (end < grid.nx && shade(grid.at(end, j), range) == s) ++end;
      const Point a = frame.to_pixel(grid.x_at(i) - dx / 2, grid.y_at(j) + dy / 2);
      const Point b = frame.to_pixel(grid.x_at(end - 1) + dx / 2, grid.y_at(j) - dy / 2);
      if (s != -2) {
        const std::string colour = s < 0 ? kAboveRange : to_hex(map(static_cast<double>(s) / (kFillShades - 1)));
        svg.element("rect", {{"x", a.x}, {"y", a.y}, {"width", b.x - a.x}, {"height", b.y - a.y}, {"fill", colour}});
      }
      i = end;
    }
  }
  svg.close();
}

// The last finite point of a path, pulled onto the plot area's edge when it lies outside.
Point end_point(const std::vector<std::vector<Point>>& runs, const Rect& area) {
  const Point p = runs.back().back();
  return {std::clamp(p.x, area.x, area.right()), std::clamp(p.y, area.y, area.bottom())};
}

void draw_cross(SvgWriter& svg, Point p, const std::string& colour) {
  constexpr double r = 6;
  const std::string d = "M" + format_number(p.x - r) + " " + format_number(p.y - r) + "L" + format_number(p.x + r) +
                        " " + format_number(p.y + r) + "M" + format_number(p.x - r) + " " + format_number(p.y + r) +
                        "L" + format_number(p.x + r) + " " + format_number(p.y - r);
  svg.element("path", {{"class", "diverged"}, {"d", d}, {"stroke", "#ffffff"}, {"stroke-width", 5.0}});
  svg.element("path", {{"class", "diverged"}, {"d", d}, {"stroke", colour}, {"stroke-width", 2.5}});
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

// A clip path of the plot area; the id spells out the rectangle, so documents inlined in one HTML page
// never clash over it.
std::string define_clip(SvgWriter& svg, const Rect& area) {
  const std::string id = "clip-" + format_number(area.x) + "-" + format_number(area.y) + "-" +
                         format_number(area.width) + "-" + format_number(area.height);
  svg.open("defs");
  svg.open("clipPath", {{"id", id}});
  svg.element("rect", {{"x", area.x}, {"y", area.y}, {"width", area.width}, {"height", area.height}});
  svg.close();
  svg.close();
  return id;
}

}  // namespace

std::string contour_plot_svg(const Grid& grid, std::span<const Path> paths, const ContourPlotOptions& options) {
  check_grid(grid);
  const Axis scale = options.fill ? linear_axis(options.fill->lo, options.fill->hi, 0, 5) : Axis{};
  const double bar_room = options.fill ? kBarGap + kColourBarWidth + colour_bar_label_width(scale) +
                                             (options.fill_label.empty() ? 0 : kLabelFont + kBarGap)
                                       : 0;
  const PlotFrame frame(options.width, options.height, linear_axis(grid.x.lo, grid.x.hi),
                        linear_axis(grid.y.lo, grid.y.hi), {options.title, options.x_label, options.y_label},
                        bar_room);
  std::vector<std::vector<std::vector<Point>>> runs;
  for (const Path& p : paths) runs.push_back(frame.runs(p.x, p.y));  // checks the sizes first

  SvgWriter svg(options.width, options.height);
  if (!options.title.empty()) svg.text_element("title", options.title);
  // Paths leave the grid's ranges when an optimizer overshoots; they are clipped to the plot area.
  const Rect& area = frame.area();
  const std::string clip_id = define_clip(svg, area);
  frame.draw_background(svg);
  if (options.fill) {
    svg.open("g", {{"clip-path", "url(#" + clip_id + ")"}});
    draw_fill(svg, frame, grid, *options.fill);
    svg.close();
    draw_colour_bar(svg, {area.right() + kBarGap, area.y, kColourBarWidth, area.height}, scale, viridis(),
                    "fill-scale", options.fill_label);
  }
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
  // Unclipped, so that a path which left the picture shows where it was last seen.
  for (std::size_t k = 0; k < paths.size(); ++k)
    if (paths[k].diverged && !runs[k].empty()) draw_cross(svg, end_point(runs[k], area), legend[k].colour);

  draw_legend(svg, place_legend(area, legend_size(legend), obstacles), legend);
  frame.draw_axes(svg);
  return std::move(svg).finish();
}

std::string contour_plot_svg(const std::function<double(double, double)>& f, Range x, Range y,
                             std::span<const Path> paths, const ContourPlotOptions& options) {
  return contour_plot_svg(sample_grid(f, x, y, options.samples, options.samples), paths, options);
}

}  // namespace nabla::plot
