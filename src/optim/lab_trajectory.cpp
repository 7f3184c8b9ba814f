// Trajectories of several optimizers and the window that frames them.
#include <nabla/optim/lab/trajectory.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace nabla::optim::lab {

std::vector<Trajectory> trajectories(const Objective& f, std::span<const double> x0,
                                     std::span<const TrajectorySpec> specs, int steps) {
  if (f.dims() != 2) throw std::invalid_argument("lab trajectory: needs a 2-D function, " + f.name() + " has " +
                                                 std::to_string(f.dims()) + " variables");
  if (specs.empty()) throw std::invalid_argument("lab trajectory: no optimizers given");
  std::vector<Trajectory> result;
  for (const TrajectorySpec& spec : specs) result.push_back({spec.label, optimize(f, x0, spec.config, steps)});
  return result;
}

namespace {

// A box grown to hold points, then scaled about its centre.
struct Box {
  double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
  void add(double x, double y) {
    x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x), y_lo = std::min(y_lo, y), y_hi = std::max(y_hi, y);
  }
  // Each side at least `min_side` long, then scaled by `factor` about the centre.
  [[nodiscard]] Box scaled(double factor, double min_side) const {
    const double cx = (x_lo + x_hi) / 2, cy = (y_lo + y_hi) / 2;
    const double hx = std::max(x_hi - x_lo, min_side) * factor / 2, hy = std::max(y_hi - y_lo, min_side) * factor / 2;
    return {cx - hx, cx + hx, cy - hy, cy + hy};
  }
};

}  // namespace

Window view_window(const Objective& f, std::span<const double> x0, const std::vector<Trajectory>& paths) {
  f.check_point(x0, "the start x0");
  const std::vector<double> m = f.critical_point();
  Box core;
  core.add(x0[0], x0[1]);
  core.add(m[0], m[1]);
  const Box limit = core.scaled(1.2 * 3, 1.0);
  Box all = core;
  for (const Trajectory& t : paths)
    for (const std::vector<double>& p : t.run.iterates)
      if (std::isfinite(p[0]) && std::isfinite(p[1])) all.add(p[0], p[1]);
  const Box padded = all.scaled(1.2, 1.0);
  return {std::max(padded.x_lo, limit.x_lo), std::min(padded.x_hi, limit.x_hi), std::max(padded.y_lo, limit.y_lo),
          std::min(padded.y_hi, limit.y_hi)};
}

}  // namespace nabla::optim::lab
