// A colour map's gradient strip with ticks.
#include <nabla/plot/colour_bar.h>

#include <algorithm>

namespace nabla::plot {
namespace {

constexpr double kGap = 6;

}  // namespace

double colour_bar_label_width(const Axis& scale) {
  double widest = 0;
  for (const auto& l : scale.labels) widest = std::max(widest, text_width(l, kTickFont));
  return kGap + widest;
}

void draw_colour_bar(SvgWriter& svg, const Rect& bar, const Axis& scale, const ColourMap& map,
                     const std::string& gradient_id, const std::string& label) {
  svg.open("defs");
  svg.open("linearGradient", {{"id", gradient_id}, {"x1", 0.0}, {"y1", 1.0}, {"x2", 0.0}, {"y2", 0.0}});
  for (std::size_t k = 0; k < map.anchors.size(); ++k) {
    const double offset = static_cast<double>(k) / static_cast<double>(map.anchors.size() - 1);
    svg.element("stop", {{"offset", offset}, {"stop-color", to_hex(map.anchors[k])}});
  }
  svg.close();
  svg.close();
  svg.open("g", {{"class", "colour-bar"}, {"font-size", kTickFont}, {"fill", "#333333"}});
  svg.element("rect", {{"x", bar.x}, {"y", bar.y}, {"width", bar.width}, {"height", bar.height},
                       {"fill", "url(#" + gradient_id + ")"}, {"stroke", "#888888"}});
  const double x = bar.right();
  for (std::size_t i = 0; i < scale.ticks.size(); ++i) {
    const double y = bar.y + bar.height * (1 - scale.fraction(scale.ticks[i]));
    svg.element("line", {{"x1", x}, {"y1", y}, {"x2", x + 4}, {"y2", y}, {"stroke", "#444444"}});
    svg.text(scale.labels[i], {{"x", x + kGap}, {"y", y}, {"dy", "0.35em"}});
  }
  if (!label.empty()) {
    const double lx = x + colour_bar_label_width(scale) + kGap + kTickFont * 0.4;
    const double ly = bar.y + bar.height / 2;
    svg.text(label, {{"class", "bar-label"}, {"x", lx}, {"y", ly}, {"text-anchor", "middle"},
                     {"transform", "rotate(90 " + format_number(lx) + " " + format_number(ly) + ")"}});
  }
  svg.close();
}

}  // namespace nabla::plot
