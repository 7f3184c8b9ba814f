// StepLR: multiplies the learning rate by gamma every step_size epochs, as torch.optim.lr_scheduler.StepLR:
//   lr_e = lr_{e−1}·gamma when e > 0 and e mod step_size = 0, else lr_{e−1}
// (PyTorch's recursive form; with nothing else changing the rate it is base_lr·gamma^⌊e/step_size⌋).
// PyTorch's defaults: gamma 0.1; step_size has none.
#pragma once
#include <string>

#include <nabla/optim/lr_scheduler.h>

namespace nabla::optim {

struct StepLROptions {
  int step_size = 10;
  double gamma = 0.1;
};

class StepLR final : public LRScheduler {
 public:
  StepLR(Optimizer& optimizer, const StepLROptions& options);
  void step() override;
  using LRScheduler::step;
  [[nodiscard]] std::string name() const override { return "step"; }

 private:
  StepLROptions options_;
};

}  // namespace nabla::optim
