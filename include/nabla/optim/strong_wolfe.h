// The strong-Wolfe line search and the cubic interpolation it uses, ported line by line from
// torch/optim/lbfgs.py 1.13 (itself from torch7's lswolfe.lua and polyinterp.lua).
#pragma once
#include <functional>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace nabla::optim {

// The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to bounds
// (default: the interval between x1 and x2); the middle of the bounds when the cubic has no minimum.
//   d1 = g1 + g2 − 3 (f1 − f2) / (x1 − x2),   d2 = √(d1² − g1 g2)
//   x* = x2 − (x2 − x1) (g2 + d2 − d1) / (g2 − g1 + 2 d2)      (for x1 <= x2; symmetric otherwise)
[[nodiscard]] double cubic_interpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                                       std::optional<std::pair<double, double>> bounds = std::nullopt);

struct StrongWolfeOptions {
  double c1 = 1e-4;                 // sufficient decrease: f(t) <= f(0) + c1·t·f'(0)
  double c2 = 0.9;                  // curvature: |f'(t)| <= −c2·f'(0)
  double tolerance_change = 1e-9;   // stop zooming when the bracket is this short (times max|d|)
  int max_ls = 25;                  // evaluations after the first
};

// f and its gradient at x + t·d, for the x fixed by the caller.
using LineObjective = std::function<std::pair<double, std::vector<double>>(double t)>;

struct LineSearchResult {
  double loss = 0;
  std::vector<double> grad;
  double t = 0;
  int evaluations = 0;
};

// Finds a step t along the descent direction d (f'(0) = gtd < 0) that satisfies the strong Wolfe
// conditions, starting from the trial step t: a bracketing phase (extrapolating by cubic
// interpolation within [t + 0.01 (t − t_prev), 10 t]) and a zoom phase, at most max_ls + 1
// evaluations. f and g are the value and gradient at t = 0.
[[nodiscard]] LineSearchResult strong_wolfe(const LineObjective& objective, double t, std::span<const double> d,
                                            double f, std::span<const double> g, double gtd,
                                            const StrongWolfeOptions& options = {});

}  // namespace nabla::optim
