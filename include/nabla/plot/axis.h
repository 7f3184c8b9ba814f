// Axis: a data interval mapped onto [0, 1], linearly or by log10, with nice tick values and labels.
#pragma once
#include <string>
#include <vector>

namespace nabla::plot {

// The smallest of 1, 2, 5 times a power of ten that is at least `rough` (> 0): 0.13 -> 0.2, 7 -> 10.
[[nodiscard]] double nice_step(double rough);

// Multiples of a nice step inside [lo, hi]: of the step nice_step((hi - lo) / (target_count - 1))
// and the next smaller nice one, the one giving a count closer to target_count. Each tick is the
// double nearest to its decimal value (0.3, never 0.30000000000000004).
[[nodiscard]] std::vector<double> nice_ticks(double lo, double hi, int target_count = 6);
// The same with a step of at least 1: whole numbers only (epochs, steps), never 2.5.
[[nodiscard]] std::vector<double> whole_ticks(double lo, double hi, int target_count = 6);

// A tick label: as many decimals as `step` needs (step 0.25 -> "0.75"), scientific notation for very
// large or very small magnitudes ("2.5e6", "1e-5").
[[nodiscard]] std::string format_tick(double value, double step);

struct Axis {
  double lo = 0;
  double hi = 1;
  bool log = false;
  std::vector<double> ticks{};
  std::vector<std::string> labels{};  // one per tick

  // Where v lies between lo (0) and hi (1), log10-scaled on a log axis; NaN when v is not finite or,
  // on a log axis, not positive, so callers can skip the point.
  [[nodiscard]] double fraction(double v) const;
};

// A linear axis over [data_min, data_max], widened on each side by `margin` times its length so that
// lines along the extremes stay clear of the frame; ticks fall inside. A degenerate range
// (min == max) is first widened around the value; non-finite bounds (no data) give [0, 1].
[[nodiscard]] Axis linear_axis(double data_min, double data_max, double margin = 0, int target_ticks = 6);
// linear_axis with ticks at whole numbers only (whole_ticks), for counts such as epochs.
[[nodiscard]] Axis whole_axis(double data_min, double data_max, double margin = 0, int target_ticks = 6);

// A log10 axis from the decade at or below min_positive to the decade at or above data_max; ticks at
// powers of ten (every k-th decade when there are many), plus 2 and 5 times them across few decades.
// Non-finite or non-positive bounds give [1, 10].
[[nodiscard]] Axis log_axis(double min_positive, double data_max);

}  // namespace nabla::plot
