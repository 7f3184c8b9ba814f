// optimize: runs a real optimizer (from the factory) on a lab test function and keeps every iterate.
#pragma once
#include <span>
#include <vector>

#include <nabla/optim/factory.h>
#include <nabla/optim/lab/objective.h>

namespace nabla::optim::lab {

struct OptimizeRun {
  std::vector<std::vector<double>> iterates;  // x₀, then the point after each step() call
  std::vector<double> values;                 // f at each iterate
  bool diverged = false;                      // stopped early at the first non-finite iterate
};

// `steps` calls of step(closure) from x0 (one L-BFGS call runs up to its max_iter iterations).
// Requires: x0 has f.dims() values, steps >= 0.
[[nodiscard]] OptimizeRun optimize(const Objective& f, std::span<const double> x0, const OptimizerConfig& config,
                                   int steps);

}  // namespace nabla::optim::lab
