// LRScheduler: the base of learning-rate schedules, as PyTorch's _LRScheduler. A schedule sets the
// optimizer's group learning rates when it is built (PyTorch's initial step, epoch 0) and at every
// step() after optimizer.step(); state save/load uses the optimizer's named-tensor format.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nabla/optim/optimizer.h>

namespace nabla::optim {

class LRScheduler {
 public:
  // Requires: optimizer outlives the schedule.
  explicit LRScheduler(Optimizer& optimizer);
  virtual ~LRScheduler() = default;
  LRScheduler(const LRScheduler&) = delete;
  LRScheduler& operator=(const LRScheduler&) = delete;

  // Advances one epoch (one batch for one-cycle) and sets the learning rates. Schedules that need a
  // metric throw std::invalid_argument.
  virtual void step() = 0;
  // Advances with the monitored metric (plateau); the other schedules throw std::invalid_argument.
  virtual void step(double metric);
  [[nodiscard]] virtual bool needs_metric() const { return false; }
  [[nodiscard]] virtual std::string name() const = 0;

  // The rate last set, of group 0 (PyTorch's get_last_lr()[0]), and of every group.
  [[nodiscard]] double lr() const { return last_lrs_.at(0); }
  [[nodiscard]] const std::vector<double>& last_lrs() const { return last_lrs_; }
  [[nodiscard]] int64_t last_epoch() const { return last_epoch_; }

  // "last_epoch", "base_lr.<g>", "last_lr.<g>", plus each schedule's own counters.
  [[nodiscard]] virtual OptimizerState state_dict() const;
  virtual void load_state_dict(const OptimizerState& state);

 protected:
  // The optimizer's current rate of each group.
  [[nodiscard]] std::vector<double> group_lrs() const;
  // Sets each group's rate and remembers them as the last rates.
  void set_lrs(const std::vector<double>& lrs);

  Optimizer& optimizer_;
  std::vector<double> base_lrs_;  // the groups' rates when the schedule was built
  int64_t last_epoch_ = -1;
  std::vector<double> last_lrs_;
};

}  // namespace nabla::optim
