// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), as torch.optim.AdamW.
//
// Per parameter p with gradient g, at step t = 1, 2, …, exactly as PyTorch 1.13:
//   p ← p·(1 − lr·weight_decay)                              (decay on the weights, not in g)
//   m ← β₁·m + (1 − β₁)·g
//   v ← β₂·v + (1 − β₂)·g²
//   v̂ ← amsgrad ? (v_max ← max(v_max, v)) : v
//   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + eps)
// PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 1e-2, amsgrad false.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nabla/optim/optimizer.h>

namespace nabla::optim {

class AdamMoments;

struct AdamWOptions {
  double lr = 1e-3;
  double beta1 = 0.9, beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 1e-2;
  bool amsgrad = false;
};

class AdamW final : public Optimizer {
 public:
  explicit AdamW(std::vector<Tensor> params, const AdamWOptions& options = {});
  // Groups keep their own learning rates; options.lr is not used.
  AdamW(std::vector<ParamGroup> groups, const AdamWOptions& options);
  ~AdamW() override;

  void step() override;
  using Optimizer::step;
  [[nodiscard]] std::string name() const override { return "adamw"; }
  [[nodiscard]] const AdamWOptions& options() const { return options_; }
  // β₁, which a one-cycle schedule varies.
  [[nodiscard]] std::optional<double> momentum() const override { return options_.beta1; }
  void set_momentum(double beta1) override;

  // Adds "state.<i>.step", ".exp_avg", ".exp_avg_sq" (and ".max_exp_avg_sq" with AMSGrad).
  [[nodiscard]] OptimizerState state_dict() const override;
  void load_state_dict(const OptimizerState& state) override;

 private:
  AdamWOptions options_;
  std::unique_ptr<AdamMoments> moments_;
};

}  // namespace nabla::optim
