// StepLR: the recursive decay of torch.optim.lr_scheduler.StepLR.get_lr.
#include <nabla/optim/step_lr.h>

#include <stdexcept>

namespace nabla::optim {

StepLR::StepLR(Optimizer& optimizer, const StepLROptions& options) : LRScheduler(optimizer), options_(options) {
  if (options_.step_size < 1)
    throw std::invalid_argument("step schedule: step_size " + std::to_string(options_.step_size) + " must be >= 1");
  step();
}

void StepLR::step() {
  ++last_epoch_;
  std::vector<double> lrs = group_lrs();
  if (last_epoch_ != 0 && last_epoch_ % options_.step_size == 0)
    for (double& lr : lrs) lr *= options_.gamma;
  set_lrs(lrs);
}

}  // namespace nabla::optim
