// CosineAnnealingLR, as torch.optim.lr_scheduler.CosineAnnealingLR, in PyTorch's recursive form (which
// reads the group's current rate, so it composes with other changes to it):
//   e = 0:                                    lr_0 = lr
//   (e − 1 − T_max) mod 2·T_max = 0:          lr_e = lr_{e−1} + (base_lr − eta_min)·(1 − cos(π/T_max))/2
//   otherwise:   lr_e = (1 + cos(π·e/T_max)) / (1 + cos(π·(e − 1)/T_max)) · (lr_{e−1} − eta_min) + eta_min
// Left alone this follows eta_min + (base_lr − eta_min)·(1 + cos(π·e/T_max))/2 and, past T_max, climbs
// back up (a cosine of period 2·T_max), as PyTorch does. PyTorch's defaults: eta_min 0; T_max has none.
#pragma once
#include <string>

#include <nabla/optim/lr_scheduler.h>

namespace nabla::optim {

struct CosineAnnealingLROptions {
  int t_max = 10;
  double eta_min = 0;
};

class CosineAnnealingLR final : public LRScheduler {
 public:
  CosineAnnealingLR(Optimizer& optimizer, const CosineAnnealingLROptions& options);
  void step() override;
  using LRScheduler::step;
  [[nodiscard]] std::string name() const override { return "cosine"; }

 private:
  CosineAnnealingLROptions options_;
};

}  // namespace nabla::optim
