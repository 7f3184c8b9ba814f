// Colours: a categorical palette for series and paths, sequential maps (viridis, blues) for values.
#pragma once
#include <cstddef>
#include <span>
#include <string>

namespace nabla::plot {

struct Rgb {
  double r = 0, g = 0, b = 0;  // each in [0, 1]
};

// "#1f77b4"
[[nodiscard]] std::string to_hex(const Rgb& c);
// Relative luminance (sRGB, Rec. 709 weights on linearised channels), 0 black to 1 white; decides
// whether text on a cell should be dark or light.
[[nodiscard]] double luminance(const Rgb& c);

// The i-th colour of the Tableau 10 palette, cycling.
[[nodiscard]] Rgb series_colour(std::size_t i);

// A sequential map evaluated at t in [0, 1] (clamped), linear in RGB between evenly spaced anchors.
struct ColourMap {
  std::span<const Rgb> anchors;
  [[nodiscard]] Rgb operator()(double t) const;
};
// Perceptually uniform dark purple -> yellow (matplotlib's viridis).
[[nodiscard]] ColourMap viridis();
// White -> dark blue (ColorBrewer Blues), the usual look of a confusion matrix.
[[nodiscard]] ColourMap blues();

}  // namespace nabla::plot
