// The learning-rate range test (Smith 2017, "Cyclical Learning Rates"): from the initial weights, one
// minibatch per step at exponentially increasing learning rates, the loss smoothed, stopped once it
// explodes; a good learning rate lies where the smoothed loss falls fastest, well before its minimum.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

namespace nabla::tune {

struct LrSweepOptions {
  double start_lr = 1e-7, end_lr = 10;
  int64_t steps = 200;      // lr_i = start·(end/start)^(i/(steps−1))
  double smoothing = 0.98;  // β of the bias-corrected exponential moving average of the loss
  double stop_factor = 4;   // stop once the smoothed loss exceeds stop_factor × its lowest value
  int64_t skip_start = 10;  // early steps whose slope is too noisy to trust, left out of the steepest
};

struct LrSweep {
  std::vector<double> lrs{}, losses{}, smoothed{};  // one per step taken
  bool exploded = false;  // stopped by a non-finite loss or the stop factor before end_lr
  double min_loss_lr = std::numeric_limits<double>::quiet_NaN();  // where the smoothed loss is lowest
  // Where d(smoothed loss)/d(ln lr) is most negative, between skip_start and the minimum; NaN when the
  // loss never falls there.
  double steepest_lr = std::numeric_limits<double>::quiet_NaN();
  // steepest_lr, or a tenth of min_loss_lr when there is no steepest descent.
  double suggested_lr = std::numeric_limits<double>::quiet_NaN();
};

// step(lr) trains on one minibatch at learning rate lr and returns the loss it measured before the
// update. Throws std::invalid_argument for options out of range, std::runtime_error when the very first
// loss is not finite.
[[nodiscard]] LrSweep lr_sweep(const std::function<double(double lr)>& step, const LrSweepOptions& options = {});

}  // namespace nabla::tune
