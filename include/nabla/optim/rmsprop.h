// RMSprop (Hinton's lecture 6e), as torch.optim.RMSprop.
//
// Per parameter p with gradient g, exactly as PyTorch 1.13:
//   g ← g + weight_decay·p                          (if weight_decay ≠ 0)
//   s ← α·s + (1 − α)·g²
//   centered: a ← α·a + (1 − α)·g,  r ← √(s − a²) + eps;   otherwise r ← √s + eps
//   momentum > 0: b ← momentum·b + g / r,  p ← p − lr·b;   otherwise p ← p − lr·g / r
// eps is added outside the square root. PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8,
// weight_decay 0, momentum 0, centered false.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nabla/optim/optimizer.h>

namespace nabla::optim {

struct RMSpropOptions {
  double lr = 1e-2;
  double alpha = 0.99;
  double eps = 1e-8;
  double weight_decay = 0;
  double momentum = 0;
  bool centered = false;
};

class RMSprop final : public Optimizer {
 public:
  explicit RMSprop(std::vector<Tensor> params, const RMSpropOptions& options = {});
  // Groups keep their own learning rates; options.lr is not used.
  RMSprop(std::vector<ParamGroup> groups, const RMSpropOptions& options);

  void step() override;
  using Optimizer::step;
  [[nodiscard]] std::string name() const override { return "rmsprop"; }
  [[nodiscard]] const RMSpropOptions& options() const { return options_; }
  [[nodiscard]] std::optional<double> momentum() const override { return options_.momentum; }
  void set_momentum(double momentum) override;

  // Adds "state.<i>.step", ".square_avg" and, where used, ".momentum_buffer" and ".grad_avg".
  [[nodiscard]] OptimizerState state_dict() const override;
  void load_state_dict(const OptimizerState& state) override;

 private:
  RMSpropOptions options_;
  std::vector<int64_t> step_;
  std::vector<Tensor> square_avg_, momentum_buffer_, grad_avg_;
};

}  // namespace nabla::optim
