// Grid sampling, marching squares and automatic contour levels.
#include <nabla/plot/contour.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace nabla::plot {

namespace {

std::string range_str(Range r) { return "[" + std::to_string(r.lo) + ", " + std::to_string(r.hi) + "]"; }

bool valid(Range r) { return std::isfinite(r.lo) && std::isfinite(r.hi) && r.lo < r.hi; }

double lerp(double a, double b, double t) { return a + t * (b - a); }

}  // namespace

double Grid::x_at(std::size_t i) const {
  return lerp(x.lo, x.hi, static_cast<double>(i) / static_cast<double>(nx - 1));
}

double Grid::y_at(std::size_t j) const {
  return lerp(y.lo, y.hi, static_cast<double>(j) / static_cast<double>(ny - 1));
}

void check_grid(const Grid& grid) {
  if (grid.nx < 2 || grid.ny < 2) {
    throw std::invalid_argument("contour: a grid needs at least 2 x 2 samples, got " + std::to_string(grid.nx) +
                                " x " + std::to_string(grid.ny));
  }
  if (grid.values.size() != grid.nx * grid.ny) {
    throw std::invalid_argument("contour: a " + std::to_string(grid.nx) + " x " + std::to_string(grid.ny) +
                                " grid needs " + std::to_string(grid.nx * grid.ny) + " values, got " +
                                std::to_string(grid.values.size()));
  }
  if (!valid(grid.x) || !valid(grid.y)) {
    throw std::invalid_argument("contour: grid ranges must be finite with lo < hi, got x " + range_str(grid.x) +
                                ", y " + range_str(grid.y));
  }
}

Grid sample_grid(const std::function<double(double, double)>& f, Range x, Range y, std::size_t nx, std::size_t ny) {
  if (!f) throw std::invalid_argument("contour: sample_grid needs a function, got an empty one");
  Grid grid{.x = x, .y = y, .nx = nx, .ny = ny, .values = std::vector<double>(nx * ny)};
  check_grid(grid);
  for (std::size_t j = 0; j < ny; ++j) {
    for (std::size_t i = 0; i < nx; ++i) grid.values[j * nx + i] = f(grid.x_at(i), grid.y_at(j));
  }
  return grid;
}

std::vector<Segment> contour_segments(const Grid& grid, double level) {
  check_grid(grid);
  std::vector<Segment> out;
  struct Crossing {
    double x, y;
  };
  for (std::size_t j = 0; j + 1 < grid.ny; ++j) {
    for (std::size_t i = 0; i + 1 < grid.nx; ++i) {
      // Corners counter-clockwise from bottom-left: (i,j), (i+1,j), (i+1,j+1), (i,j+1).
      const std::array<double, 4> v = {grid.at(i, j), grid.at(i + 1, j), grid.at(i + 1, j + 1), grid.at(i, j + 1)};
      if (!std::all_of(v.begin(), v.end(), [](double a) { return std::isfinite(a); })) continue;
      const std::array<double, 4> cx = {grid.x_at(i), grid.x_at(i + 1), grid.x_at(i + 1), grid.x_at(i)};
      const std::array<double, 4> cy = {grid.y_at(j), grid.y_at(j), grid.y_at(j + 1), grid.y_at(j + 1)};
      std::array<bool, 4> above{};
      for (int k = 0; k < 4; ++k) above[k] = v[k] >= level;
      // Edges bottom, right, top, left, each from its lower-index corner, so neighbouring cells
      // compute the same crossing on their shared edge.
      constexpr std::array<std::array<int, 2>, 4> edges = {{{0, 1}, {1, 2}, {3, 2}, {0, 3}}};
      std::array<Crossing, 4> at{};
      std::array<bool, 4> crossed{};
      int count = 0;
      for (int e = 0; e < 4; ++e) {
        const auto [a, b] = edges[e];
        if (above[a] == above[b]) continue;
        const double t = (level - v[a]) / (v[b] - v[a]);
        at[e] = {lerp(cx[a], cx[b], t), lerp(cy[a], cy[b], t)};
        crossed[e] = true;
        ++count;
      }
      auto add = [&](int e0, int e1) { out.push_back({at[e0].x, at[e0].y, at[e1].x, at[e1].y}); };
      if (count == 2) {
        std::array<int, 2> pair{};
        int n = 0;
        for (int e = 0; e < 4; ++e) {
          if (crossed[e]) pair[n++] = e;
        }
        add(pair[0], pair[1]);
      } else if (count == 4) {
        // Saddle: cut off the two corners on the side the centre is not on. Corner 0 sits between
        // edges left and bottom, corner 2 between right and top.
        const bool centre_above = (v[0] + v[1] + v[2] + v[3]) / 4 >= level;
        if (above[0] != centre_above) {
          add(3, 0);
          add(1, 2);
        } else {
          add(0, 1);
          add(2, 3);
        }
      }
    }
  }
  return out;
}

std::vector<double> auto_levels(const Grid& grid, std::size_t count) {
  check_grid(grid);
  std::vector<double> finite;
  for (double v : grid.values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  if (finite.empty() || count == 0) return {};
  std::sort(finite.begin(), finite.end());
  const double lo = finite.front();
  const double span = finite.back() - lo;
  if (!(span > 0)) return {};
  const auto last = static_cast<double>(finite.size() - 1);
  auto quantile = [&](double q) { return finite[static_cast<std::size_t>(q * last)]; };

  std::vector<double> levels;
  if (quantile(0.10) - lo < 0.02 * span) {
    double first = quantile(0.01) - lo;
    if (!(first > 0)) first = *std::upper_bound(finite.begin(), finite.end(), lo) - lo;
    // Offsets first * r^k for k < count, with first * r^count = span one step beyond the top level.
    const double ratio = std::pow(span / first, 1.0 / static_cast<double>(count));
    for (std::size_t k = 0; k < count; ++k) levels.push_back(lo + first * std::pow(ratio, static_cast<double>(k)));
  } else {
    for (std::size_t k = 1; k <= count; ++k) {
      levels.push_back(lo + span * static_cast<double>(k) / static_cast<double>(count + 1));
    }
  }
  return levels;
}

}  // namespace nabla::plot
