// OneCycleLR: the phases and cosine annealing of torch.optim.lr_scheduler.OneCycleLR.get_lr.
#include <nabla/optim/one_cycle_lr.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace nabla::optim {
namespace {

// Cosine anneal from start to end as pct goes from 0 to 1.
double anneal_cos(double start, double end, double pct) {
  const double cos_out = std::cos(std::numbers::pi * pct) + 1;
  return end + (start - end) / 2.0 * cos_out;
}

}  // namespace

OneCycleLR::OneCycleLR(Optimizer& optimizer, const OneCycleLROptions& options) : LRScheduler(optimizer), options_(options) {
  const OneCycleLROptions& o = options_;
  if (o.total_steps < 1) throw std::invalid_argument("onecycle schedule: total_steps " + std::to_string(o.total_steps) + " must be >= 1");
  if (!(o.pct_start >= 0 && o.pct_start <= 1))
    throw std::invalid_argument("onecycle schedule: pct_start " + std::to_string(o.pct_start) + " must be in [0, 1]");
  if (!(o.max_lr > 0)) throw std::invalid_argument("onecycle schedule: max_lr " + std::to_string(o.max_lr) + " must be > 0");
  if (o.cycle_momentum && !optimizer.momentum())
    throw std::invalid_argument("onecycle schedule: " + optimizer.name() +
                                " has no momentum to cycle; set cycle_momentum = false");
  const double total = o.total_steps;
  if (o.three_phase)
    phases_ = {{o.pct_start * total - 1, kInitial, kMax, kMaxMomentum, kBaseMomentum},
               {2 * o.pct_start * total - 2, kMax, kInitial, kBaseMomentum, kMaxMomentum},
               {total - 1, kInitial, kMin, kMaxMomentum, kMaxMomentum}};
  else
    phases_ = {{o.pct_start * total - 1, kInitial, kMax, kMaxMomentum, kBaseMomentum},
               {total - 1, kMax, kMin, kBaseMomentum, kMaxMomentum}};
  initial_lr_ = o.max_lr / o.div_factor;
  min_lr_ = initial_lr_ / o.final_div_factor;
  base_lrs_.assign(base_lrs_.size(), initial_lr_);
  step();
}

double OneCycleLR::level(Level l) const {
  switch (l) {
    case kInitial: return initial_lr_;
    case kMax: return options_.max_lr;
    case kMin: return min_lr_;
    case kBaseMomentum: return options_.base_momentum;
    case kMaxMomentum: return options_.max_momentum;
  }
  return 0;
}

void OneCycleLR::step() {
  ++last_epoch_;
  if (last_epoch_ > options_.total_steps)
    throw std::invalid_argument("onecycle schedule: tried to step " + std::to_string(last_epoch_ + 1) +
                                " times; total_steps is " + std::to_string(options_.total_steps));
  const auto step_num = static_cast<double>(last_epoch_);
  double start_step = 0, lr = 0, momentum = 0;
  for (std::size_t i = 0; i < phases_.size(); ++i) {
    const Phase& phase = phases_[i];
    if (step_num <= phase.end_step || i + 1 == phases_.size()) {
      const double pct = (step_num - start_step) / (phase.end_step - start_step);
      lr = anneal_cos(level(phase.start_lr), level(phase.end_lr), pct);
      momentum = anneal_cos(level(phase.start_momentum), level(phase.end_momentum), pct);
      break;
    }
    start_step = phase.end_step;
  }
  if (options_.cycle_momentum) optimizer_.set_momentum(momentum);
  set_lrs(std::vector<double>(base_lrs_.size(), lr));
}

}  // namespace nabla::optim
