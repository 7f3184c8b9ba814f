// The learning-rate range test: the exponential sweep, the smoothing, the stop rule and the suggestion.
#include <nabla/tune/lr_sweep.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace nabla::tune {
namespace {

void check(const LrSweepOptions& o) {
  if (!(o.start_lr > 0) || !(o.end_lr > o.start_lr) || !std::isfinite(o.end_lr))
    throw std::invalid_argument("lr sweep: needs 0 < start_lr < end_lr, not " + std::to_string(o.start_lr) + " and " +
                                std::to_string(o.end_lr));
  if (o.steps < 2) throw std::invalid_argument("lr sweep: needs at least 2 steps, not " + std::to_string(o.steps));
  if (!(o.smoothing >= 0 && o.smoothing < 1))
    throw std::invalid_argument("lr sweep: smoothing must lie in [0, 1), not " + std::to_string(o.smoothing));
  if (!(o.stop_factor > 1))
    throw std::invalid_argument("lr sweep: stop_factor must exceed 1, not " + std::to_string(o.stop_factor));
  if (o.skip_start < 0) throw std::invalid_argument("lr sweep: skip_start must be >= 0");
}

// The minimum and the steepest descent of the smoothed curve, and the suggestion from them.
void suggest(LrSweep& s, int64_t skip_start) {
  const auto n = static_cast<int64_t>(s.smoothed.size());
  int64_t lowest = 0;
  for (int64_t i = 1; i < n; ++i)
    if (s.smoothed[i] < s.smoothed[lowest]) lowest = i;
  s.min_loss_lr = s.lrs[lowest];
  // Central differences of the smoothed loss against ln lr (the steps are evenly spaced in ln lr).
  double steepest_slope = 0;
  for (int64_t i = std::max<int64_t>(skip_start, 1); i < std::min(lowest + 1, n - 1); ++i) {
    const double slope = (s.smoothed[i + 1] - s.smoothed[i - 1]) / std::log(s.lrs[i + 1] / s.lrs[i - 1]);
    if (slope < steepest_slope) {
      steepest_slope = slope;
      s.steepest_lr = s.lrs[i];
    }
  }
  s.suggested_lr = std::isnan(s.steepest_lr) ? s.min_loss_lr / 10 : s.steepest_lr;
}

}  // namespace

LrSweep lr_sweep(const std::function<double(double)>& step, const LrSweepOptions& o) {
  check(o);
  LrSweep s;
  const double growth = std::log(o.end_lr / o.start_lr) / static_cast<double>(o.steps - 1);
  double average = 0, lowest = 0;
  for (int64_t i = 0; i < o.steps; ++i) {
    const double lr = o.start_lr * std::exp(growth * static_cast<double>(i));
    const double loss = step(lr);
    if (!std::isfinite(loss)) {
      if (i == 0) throw std::runtime_error("lr sweep: the loss is " + std::to_string(loss) + " at the first step");
      s.exploded = true;
      break;
    }
    // Bias-corrected EMA (as Adam's moments): the average of a constant loss is that loss from step 1.
    average = o.smoothing * average + (1 - o.smoothing) * loss;
    const double smoothed = average / (1 - std::pow(o.smoothing, static_cast<double>(i + 1)));
    s.lrs.push_back(lr);
    s.losses.push_back(loss);
    s.smoothed.push_back(smoothed);
    if (i == 0 || smoothed < lowest) lowest = smoothed;
    if (smoothed > o.stop_factor * lowest) {
      s.exploded = true;
      break;
    }
  }
  suggest(s, o.skip_start);
  return s;
}

}  // namespace nabla::tune
