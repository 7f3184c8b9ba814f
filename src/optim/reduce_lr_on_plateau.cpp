// ReduceLROnPlateau: torch.optim.lr_scheduler.ReduceLROnPlateau.step, counter for counter.
#include <nabla/optim/reduce_lr_on_plateau.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace nabla::optim {

ReduceLROnPlateau::ReduceLROnPlateau(Optimizer& optimizer, const ReduceLROnPlateauOptions& options)
    : LRScheduler(optimizer), options_(options) {
  if (!(options_.factor < 1)) throw std::invalid_argument("plateau schedule: factor " + std::to_string(options_.factor) + " must be < 1");
  if (options_.mode != "min" && options_.mode != "max")
    throw std::invalid_argument("plateau schedule: mode \"" + options_.mode + "\" is not min or max");
  if (options_.threshold_mode != "rel" && options_.threshold_mode != "abs")
    throw std::invalid_argument("plateau schedule: threshold_mode \"" + options_.threshold_mode + "\" is not rel or abs");
  const double inf = std::numeric_limits<double>::infinity();
  best_ = options_.mode == "min" ? inf : -inf;  // the worst value, so the first metric improves on it
  last_epoch_ = 0;
}

void ReduceLROnPlateau::step() {
  throw std::invalid_argument("plateau schedule: needs the monitored metric; call step(metric)");
}

bool ReduceLROnPlateau::is_better(double a) const {
  const double t = options_.threshold;
  if (options_.mode == "min") return options_.threshold_mode == "rel" ? a < best_ * (1. - t) : a < best_ - t;
  return options_.threshold_mode == "rel" ? a > best_ * (t + 1.) : a > best_ + t;
}

void ReduceLROnPlateau::step(double metric) {
  ++last_epoch_;
  if (is_better(metric)) {
    best_ = metric;
    num_bad_epochs_ = 0;
  } else {
    ++num_bad_epochs_;
  }
  if (cooldown_counter_ > 0) {
    --cooldown_counter_;
    num_bad_epochs_ = 0;  // bad epochs in cooldown do not count
  }
  std::vector<double> lrs = group_lrs();
  if (num_bad_epochs_ > options_.patience) {
    for (double& lr : lrs) {
      const double reduced = std::max(lr * options_.factor, options_.min_lr);
      if (lr - reduced > options_.eps) lr = reduced;
    }
    cooldown_counter_ = options_.cooldown;
    num_bad_epochs_ = 0;
  }
  set_lrs(lrs);
}

OptimizerState ReduceLROnPlateau::state_dict() const {
  OptimizerState state = LRScheduler::state_dict();
  put_scalar(state, "best", best_);
  put_scalar(state, "num_bad_epochs", num_bad_epochs_);
  put_scalar(state, "cooldown_counter", cooldown_counter_);
  return state;
}

void ReduceLROnPlateau::load_state_dict(const OptimizerState& state) {
  LRScheduler::load_state_dict(state);
  best_ = get_scalar(state, "best");
  num_bad_epochs_ = static_cast<int>(get_scalar(state, "num_bad_epochs"));
  cooldown_counter_ = static_cast<int>(get_scalar(state, "cooldown_counter"));
}

}  // namespace nabla::optim
