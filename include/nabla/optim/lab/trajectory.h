// Trajectories: several optimizers from one start on a 2-D lab function, and a view window that
// frames their paths (for the contour plot of `nabla lab trajectory`).
#pragma once
#include <span>
#include <string>
#include <vector>

#include <nabla/optim/factory.h>
#include <nabla/optim/lab/objective.h>
#include <nabla/optim/lab/optimize.h>

namespace nabla::optim::lab {

// One optimizer of a comparison, each with its own hyper-parameters (SGD at two learning rates,
// momentum and Nesterov each at its own best step).
struct TrajectorySpec {
  std::string label;  // how pictures and tables name it, e.g. "sgd lr=5e-3"
  OptimizerConfig config;
};

struct Trajectory {
  std::string label;
  OptimizeRun run;
};

// One run per spec, each from x0. Requires: f is 2-D, specs not empty.
[[nodiscard]] std::vector<Trajectory> trajectories(const Objective& f, std::span<const double> x0,
                                                   std::span<const TrajectorySpec> specs, int steps);

struct Window {
  double x_lo, x_hi, y_lo, y_hi;
};

// The box around x0, the minimiser and every finite iterate, padded by 10% on each side, but no larger than three
// times the padded box around x0 and the minimiser alone (a diverging path leaves it; the plot clips).
[[nodiscard]] Window view_window(const Objective& f, std::span<const double> x0, const std::vector<Trajectory>& paths);

}  // namespace nabla::optim::lab
