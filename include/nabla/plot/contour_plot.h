// Contour plots: level lines of a 2-D function with named paths on top, for optimizer trajectories.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nabla/plot/contour.h>

namespace nabla::plot {

// A polyline with a marker at each point, such as the iterates of an optimizer.
struct Path {
  std::string name{};  // shown in the legend; an empty name leaves the path out of it
  std::vector<double> x{}, y{};
  std::string colour{};  // "#rrggbb"; empty takes the palette colour of the path's position
  // Ends in a cross at its last finite point (pulled onto the plot area's edge when it lies outside):
  // an optimizer that diverged.
  bool diverged = false;
};

struct ContourPlotOptions {
  std::string title{}, x_label{}, y_label{};
  std::vector<double> levels{};  // empty: auto_levels(grid, level_count)
  std::size_t level_count = 12;
  std::size_t samples = 121;  // grid points per axis when the function is sampled here
  bool markers = true;        // a dot at every point of every path
  // When set, every grid cell is filled by viridis over this value range (lower values take its low
  // end) under the level lines, with a colour bar named fill_label; values above it are grey (for a
  // convergence rate: >= 1 diverges).
  std::optional<Range> fill{};
  std::string fill_label{};
  double width = 560, height = 480;
};

// An SVG document: the grid's contour lines coloured from dark (low) to light (high) by viridis,
// under the paths, which are clipped to the grid's ranges. A path's first point is ringed, a diverged
// path's last finite point crossed. Points
// with a non-finite coordinate break their path. Throws std::invalid_argument for a malformed grid,
// a path with different numbers of x and y values, or a canvas too small.
[[nodiscard]] std::string contour_plot_svg(const Grid& grid, std::span<const Path> paths,
                                           const ContourPlotOptions& options = {});

// The same for f sampled on an options.samples x options.samples grid over the ranges.
[[nodiscard]] std::string contour_plot_svg(const std::function<double(double, double)>& f, Range x, Range y,
                                           std::span<const Path> paths, const ContourPlotOptions& options = {});

}  // namespace nabla::plot
