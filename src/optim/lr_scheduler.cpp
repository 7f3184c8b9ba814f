// The schedule base: group rates in and out, and the common state.
#include <nabla/optim/lr_scheduler.h>

#include <stdexcept>

namespace nabla::optim {

LRScheduler::LRScheduler(Optimizer& optimizer) : optimizer_(optimizer), base_lrs_(group_lrs()), last_lrs_(base_lrs_) {}

void LRScheduler::step(double) {
  throw std::invalid_argument(name() + ": this schedule takes no metric; call step()");
}

std::vector<double> LRScheduler::group_lrs() const {
  std::vector<double> lrs;
  for (const ParamGroup& g : optimizer_.param_groups()) lrs.push_back(g.lr);
  return lrs;
}

void LRScheduler::set_lrs(const std::vector<double>& lrs) {
  std::vector<ParamGroup>& groups = optimizer_.param_groups();
  for (std::size_t g = 0; g < groups.size(); ++g) groups[g].lr = lrs.at(g);
  last_lrs_ = lrs;
}

OptimizerState LRScheduler::state_dict() const {
  OptimizerState state;
  put_scalar(state, "last_epoch", static_cast<double>(last_epoch_));
  for (std::size_t g = 0; g < base_lrs_.size(); ++g) {
    put_scalar(state, "base_lr." + std::to_string(g), base_lrs_[g]);
    put_scalar(state, "last_lr." + std::to_string(g), last_lrs_[g]);
  }
  return state;
}

void LRScheduler::load_state_dict(const OptimizerState& state) {
  last_epoch_ = static_cast<int64_t>(get_scalar(state, "last_epoch"));
  for (std::size_t g = 0; g < base_lrs_.size(); ++g) {
    base_lrs_[g] = get_scalar(state, "base_lr." + std::to_string(g));
    last_lrs_[g] = get_scalar(state, "last_lr." + std::to_string(g));
  }
}

}  // namespace nabla::optim
