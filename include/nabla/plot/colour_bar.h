// Colour bar: a vertical strip of a colour map with its value ticks, beside a heat map or a filled field.
#pragma once
#include <string>

#include <nabla/plot/axis.h>
#include <nabla/plot/colour_map.h>
#include <nabla/plot/plot_frame.h>
#include <nabla/plot/svg_writer.h>

namespace nabla::plot {

inline constexpr double kColourBarWidth = 14;

// The widest tick label of the scale plus the gaps: how much room right of a bar its labels need.
[[nodiscard]] double colour_bar_label_width(const Axis& scale);

// The map's anchors as gradient stops in `bar` (top = scale.hi), ticks and labels right of it, and
// `label` turned along its right side when not empty. Every bar defines its gradient under
// gradient_id, which must be unique on a page unless the maps agree.
void draw_colour_bar(SvgWriter& svg, const Rect& bar, const Axis& scale, const ColourMap& map,
                     const std::string& gradient_id, const std::string& label = "");

}  // namespace nabla::plot
