// OneCycleLR: the 1cycle policy (Smith & Topin), as torch.optim.lr_scheduler.OneCycleLR with cosine
// annealing, stepped once per batch for total_steps steps.
//   initial_lr = max_lr / div_factor,  min_lr = initial_lr / final_div_factor
//   two phases (three_phase false): initial_lr → max_lr over steps 0 … pct_start·T − 1,
//                                   max_lr → min_lr up to step T − 1
//   three phases: initial → max → initial (ending at 2·pct_start·T − 2), then initial → min_lr
//   within a phase from step s₀ to s₁: lr = end + (start − end)/2·(1 + cos(π·(e − s₀)/(s₁ − s₀)))
// With cycle_momentum the optimizer's momentum (SGD, RMSprop) or β₁ (Adam, AdamW) runs the other way,
// max_momentum → base_momentum → max_momentum. Stepping past total_steps throws, as in PyTorch.
// PyTorch's defaults: pct_start 0.3, div_factor 25, final_div_factor 1e4, three_phase false,
// cycle_momentum true, base_momentum 0.85, max_momentum 0.95.
#pragma once
#include <string>
#include <vector>

#include <nabla/optim/lr_scheduler.h>

namespace nabla::optim {

struct OneCycleLROptions {
  double max_lr = 0.1;
  int total_steps = 100;
  double pct_start = 0.3;
  double div_factor = 25;
  double final_div_factor = 1e4;
  bool three_phase = false;
  bool cycle_momentum = true;  // requires an optimizer with a momentum (or β₁)
  double base_momentum = 0.85, max_momentum = 0.95;
};

class OneCycleLR final : public LRScheduler {
 public:
  OneCycleLR(Optimizer& optimizer, const OneCycleLROptions& options);
  void step() override;
  using LRScheduler::step;
  [[nodiscard]] std::string name() const override { return "onecycle"; }

 private:
  // A phase ends at end_step and anneals the rate and the momentum between two of their levels.
  enum Level { kInitial, kMax, kMin, kBaseMomentum, kMaxMomentum };
  struct Phase {
    double end_step;
    Level start_lr, end_lr, start_momentum, end_momentum;
  };
  [[nodiscard]] double level(Level l) const;

  OneCycleLROptions options_;
  std::vector<Phase> phases_;
  double initial_lr_ = 0, min_lr_ = 0;
};

}  // namespace nabla::optim
