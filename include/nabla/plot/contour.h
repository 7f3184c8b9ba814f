// Contour lines of a scalar function on a regular grid, by marching squares, and automatic levels.
#pragma once
#include <cstddef>
#include <functional>
#include <vector>

namespace nabla::plot {

struct Range {
  double lo = 0, hi = 1;
};

// Samples of f(x, y) at nx evenly spaced x in [x.lo, x.hi] (ends included) and ny y in [y.lo, y.hi].
struct Grid {
  Range x{}, y{};
  std::size_t nx = 0, ny = 0;
  std::vector<double> values{};  // row-major by y: values[j * nx + i] = f(x_at(i), y_at(j))

  [[nodiscard]] double x_at(std::size_t i) const;
  [[nodiscard]] double y_at(std::size_t j) const;
  [[nodiscard]] double at(std::size_t i, std::size_t j) const { return values[j * nx + i]; }
};

// Throws std::invalid_argument unless nx, ny >= 2, values.size() == nx * ny and both ranges are
// finite with lo < hi.
void check_grid(const Grid& grid);

// f sampled on an nx x ny grid over the ranges; f may return NaN or Inf where it is undefined.
[[nodiscard]] Grid sample_grid(const std::function<double(double, double)>& f, Range x, Range y, std::size_t nx,
                               std::size_t ny);

struct Segment {
  double x0, y0, x1, y1;
};

// The pieces of the curve f = level, one or two per grid cell it crosses. On each cell edge whose
// ends lie on opposite sides (v >= level counts as above) the crossing is linearly interpolated:
// t = (level - v_a) / (v_b - v_a). A saddle cell (diagonal corners on the same side) is resolved by
// the mean of its four corners. Cells with a non-finite corner are left out.
[[nodiscard]] std::vector<Segment> contour_segments(const Grid& grid, double level);

// `count` levels between the smallest and largest finite values. When the values are skewed over
// orders of magnitude above their minimum (the 10% quantile lies within 2% of the range above the
// minimum, as for Rosenbrock's valley), the offsets above the minimum are geometric, starting at the
// 1% quantile, one ratio step short of the range; otherwise the levels are evenly spaced strictly
// inside [min, max].
// Empty when there are fewer than two distinct finite values.
[[nodiscard]] std::vector<double> auto_levels(const Grid& grid, std::size_t count);

}  // namespace nabla::plot
