// Adam (and AMSGrad), as torch.optim.Adam.
//
// Per parameter p with gradient g, at step t = 1, 2, …, exactly as PyTorch 1.13:
//   g ← g + weight_decay·p                                   (if weight_decay ≠ 0; L2, coupled)
//   m ← β₁·m + (1 − β₁)·g
//   v ← β₂·v + (1 − β₂)·g²
//   v̂ ← amsgrad ? (v_max ← max(v_max, v)) : v               (the maximum of the raw v, then corrected)
//   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + eps)
// eps is added after the bias correction of √v̂. PyTorch's defaults: lr 1e-3, betas (0.9, 0.999),
// eps 1e-8, weight_decay 0, amsgrad false.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nabla/optim/optimizer.h>

namespace nabla::optim {

class AdamMoments;

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9, beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;
  bool amsgrad = false;
};

class Adam final : public Optimizer {
 public:
  explicit Adam(std::vector<Tensor> params, const AdamOptions& options = {});
  // Groups keep their own learning rates; options.lr is not used.
  Adam(std::vector<ParamGroup> groups, const AdamOptions& options);
  ~Adam() override;

  void step() override;
  using Optimizer::step;
  [[nodiscard]] std::string name() const override { return options_.amsgrad ? "amsgrad" : "adam"; }
  [[nodiscard]] const AdamOptions& options() const { return options_; }
  // β₁, which a one-cycle schedule varies.
  [[nodiscard]] std::optional<double> momentum() const override { return options_.beta1; }
  void set_momentum(double beta1) override;

  // Adds "state.<i>.step", ".exp_avg", ".exp_avg_sq" (and ".max_exp_avg_sq" with AMSGrad).
  [[nodiscard]] OptimizerState state_dict() const override;
  void load_state_dict(const OptimizerState& state) override;

 private:
  AdamOptions options_;
  std::unique_ptr<AdamMoments> moments_;
};

}  // namespace nabla::optim
