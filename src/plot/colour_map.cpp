// Palette and sequential colour maps.
#include <nabla/plot/colour_map.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace nabla::plot {

namespace {

constexpr Rgb hex(unsigned v) {
  return {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0};
}

constexpr std::array<Rgb, 10> kTableau = {hex(0x1f77b4), hex(0xff7f0e), hex(0x2ca02c), hex(0xd62728),
                                          hex(0x9467bd), hex(0x8c564b), hex(0xe377c2), hex(0x7f7f7f),
                                          hex(0xbcbd22), hex(0x17becf)};
constexpr std::array<Rgb, 9> kViridis = {hex(0x440154), hex(0x472c7a), hex(0x3b518b), hex(0x2c718e), hex(0x21908d),
                                         hex(0x27ad81), hex(0x5cc863), hex(0xaadc32), hex(0xfde725)};
constexpr std::array<Rgb, 9> kBlues = {hex(0xf7fbff), hex(0xdeebf7), hex(0xc6dbef), hex(0x9ecae1), hex(0x6baed6),
                                       hex(0x4292c6), hex(0x2171b5), hex(0x08519c), hex(0x08306b)};

double linearise(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

}  // namespace

std::string to_hex(const Rgb& c) {
  auto byte = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255)); };
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", byte(c.r), byte(c.g), byte(c.b));
  return buffer;
}

double luminance(const Rgb& c) {
  return 0.2126 * linearise(c.r) + 0.7152 * linearise(c.g) + 0.0722 * linearise(c.b);
}

Rgb series_colour(std::size_t i) { return kTableau[i % kTableau.size()]; }

Rgb ColourMap::operator()(double t) const {
  const double x = std::clamp(std::isnan(t) ? 0.0 : t, 0.0, 1.0) * static_cast<double>(anchors.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(x), anchors.size() - 2);
  const double f = x - static_cast<double>(i);
  const Rgb& a = anchors[i];
  const Rgb& b = anchors[i + 1];
  return {a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
}

ColourMap viridis() { return {kViridis}; }
ColourMap blues() { return {kBlues}; }

}  // namespace nabla::plot
