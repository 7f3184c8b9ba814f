// The strong-Wolfe line search, kept in the shape of torch/optim/lbfgs.py's _strong_wolfe so the two
// can be read side by side.
#include <nabla/optim/strong_wolfe.h>

#include <algorithm>
#include <cmath>

#include <nabla/optim/flat_vector.h>

namespace nabla::optim {

double cubic_interpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                         std::optional<std::pair<double, double>> bounds) {
  const auto [lo, hi] = bounds ? *bounds : (x1 <= x2 ? std::pair{x1, x2} : std::pair{x2, x1});
  const double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
  const double d2_square = d1 * d1 - g1 * g2;
  if (!(d2_square >= 0)) return (lo + hi) / 2.;
  const double d2 = std::sqrt(d2_square);
  const double min_pos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                                  : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
  return std::min(std::max(min_pos, lo), hi);
}

namespace {

// One end of the bracket: step, value, gradient, directional derivative.
struct Point {
  double t, f;
  std::vector<double> g;
  double gtd;
};

}  // namespace

LineSearchResult strong_wolfe(const LineObjective& objective, double t, std::span<const double> d, double f,
                              std::span<const double> g, double gtd, const StrongWolfeOptions& o) {
  const double d_norm = max_abs(d);
  auto [f_new, g_new] = objective(t);
  int evals = 1;
  double gtd_new = dot(g_new, d);

  // Bracket an interval containing a point satisfying the Wolfe criteria.
  Point prev{0, f, {g.begin(), g.end()}, gtd};
  std::vector<Point> bracket;
  bool done = false;
  int ls_iter = 0;
  while (ls_iter < o.max_ls) {
    if (f_new > (f + o.c1 * t * gtd) || (ls_iter > 1 && f_new >= prev.f)) {
      bracket = {prev, {t, f_new, g_new, gtd_new}};
      break;
    }
    if (std::abs(gtd_new) <= -o.c2 * gtd) {
      bracket = {{t, f_new, g_new, gtd_new}};
      done = true;
      break;
    }
    if (gtd_new >= 0) {
      bracket = {prev, {t, f_new, g_new, gtd_new}};
      break;
    }
    // Extrapolate by cubic interpolation within [t + 0.01 (t − t_prev), 10 t].
    const double min_step = t + 0.01 * (t - prev.t);
    const double max_step = t * 10;
    const double tmp = t;
    t = cubic_interpolate(prev.t, prev.f, prev.gtd, t, f_new, gtd_new, std::pair{min_step, max_step});
    prev = {tmp, f_new, g_new, gtd_new};
    std::tie(f_new, g_new) = objective(t);
    ++evals;
    gtd_new = dot(g_new, d);
    ++ls_iter;
  }
  // Out of evaluations: the bracket is [0, t] (PyTorch leaves its slopes unset; the zoom below does
  // not run then, so they are never read).
  if (ls_iter == o.max_ls) bracket = {{0, f, {g.begin(), g.end()}, gtd}, {t, f_new, g_new, gtd_new}};

  // Zoom: refine the bracket until a point satisfies the criteria.
  bool insufficient_progress = false;
  std::size_t low = bracket.front().f <= bracket.back().f ? 0 : 1;
  std::size_t high = 1 - low;
  while (!done && ls_iter < o.max_ls) {
    if (std::abs(bracket[1].t - bracket[0].t) * d_norm < o.tolerance_change) break;
    t = cubic_interpolate(bracket[0].t, bracket[0].f, bracket[0].gtd, bracket[1].t, bracket[1].f, bracket[1].gtd);
    // A trial within 10% of the bracket's length from an end makes little progress; after two such
    // trials in a row (or one outside the bracket) move it to 10% from the nearest end.
    const double b_max = std::max(bracket[0].t, bracket[1].t);
    const double b_min = std::min(bracket[0].t, bracket[1].t);
    const double eps = 0.1 * (b_max - b_min);
    if (std::min(b_max - t, t - b_min) < eps) {
      if (insufficient_progress || t >= b_max || t <= b_min) {
        t = std::abs(t - b_max) < std::abs(t - b_min) ? b_max - eps : b_min + eps;
        insufficient_progress = false;
      } else {
        insufficient_progress = true;
      }
    } else {
      insufficient_progress = false;
    }
    std::tie(f_new, g_new) = objective(t);
    ++evals;
    gtd_new = dot(g_new, d);
    ++ls_iter;
    if (f_new > (f + o.c1 * t * gtd) || f_new >= bracket[low].f) {
      // Armijo fails or no lower than the lowest point: the trial becomes the high end.
      bracket[high] = {t, f_new, g_new, gtd_new};
      low = bracket[0].f <= bracket[1].f ? 0 : 1;
      high = 1 - low;
    } else {
      if (std::abs(gtd_new) <= -o.c2 * gtd)
        done = true;
      else if (gtd_new * (bracket[high].t - bracket[low].t) >= 0)
        bracket[high] = bracket[low];  // the old low becomes the high end
      bracket[low] = {t, f_new, g_new, gtd_new};
    }
  }
  Point& best = bracket[low];
  return {best.f, std::move(best.g), best.t, evals};
}

}  // namespace nabla::optim
