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

struct Trajectory {
  std::string optimizer;
  OptimizeRun run;
};

// One run per name in `optimizers`, each from x0 with `shared`'s hyper-parameters (its name is
// replaced). Requires: f is 2-D.
[[nodiscard]] std::vector<Trajectory> trajectories(const Objective& f, std::span<const double> x0,
                                                   const std::vector<std::string>& optimizers,
                                                   const OptimizerConfig& shared, int steps);

struct Window {
  double x_lo, x_hi, y_lo, y_hi;
};

// The box around x0, the minimiser and every finite iterate, padded by 10% on each side, but no larger than three
// times the padded box around x0 and the minimiser alone (a diverging path leaves it; the plot clips).
[[nodiscard]] Window view_window(const Objective& f, std::span<const double> x0, const std::vector<Trajectory>& paths);

}  // namespace nabla::optim::lab
