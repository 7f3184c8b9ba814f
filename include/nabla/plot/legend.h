// Legend: a boxed list of named colour swatches, placed in the corner of the plot area it hides least.
#pragma once
#include <span>
#include <string>
#include <vector>

#include <nabla/plot/plot_frame.h>
#include <nabla/plot/svg_writer.h>

namespace nabla::plot {

struct LegendEntry {
  std::string name{};
  std::string colour{};  // "#1f77b4"
  bool marker = false;   // a dot on the swatch line, as drawn on paths with point markers
  bool dashed = false;   // a dashed swatch line, as drawn for markers and references
};

// The distance between a legend box and the plot area's edge (inside or outside it).
inline constexpr double kLegendInset = 8;

// Size of the legend box for these entries (entries with an empty name are not listed).
[[nodiscard]] Point legend_size(std::span<const LegendEntry> entries);

// Of the candidate spots inside `area` (the four corners, then the middles of the right and left
// sides), the first where a box of `size` crosses the fewest segments of `lines` (pixel polylines).
[[nodiscard]] Rect place_legend(const Rect& area, Point size, std::span<const std::vector<Point>> lines);

// Draws the legend into `box`; nothing when no entry has a name.
void draw_legend(SvgWriter& svg, const Rect& box, std::span<const LegendEntry> entries);

}  // namespace nabla::plot
