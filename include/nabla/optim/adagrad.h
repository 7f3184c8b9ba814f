// Adagrad (Duchi, Hazan & Singer), as torch.optim.Adagrad.
//
// Per parameter p with gradient g, at step t = 1, 2, …, exactly as PyTorch 1.13:
//   g ← g + weight_decay·p                        (if weight_decay ≠ 0)
//   lr_t ← lr / (1 + (t − 1)·lr_decay)
//   s ← s + g²                                    (s starts at initial_accumulator_value)
//   p ← p − lr_t · g / (√s + eps)
// PyTorch's defaults: lr 1e-2, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nabla/optim/optimizer.h>

namespace nabla::optim {

struct AdagradOptions {
  double lr = 1e-2;
  double lr_decay = 0;
  double weight_decay = 0;
  double initial_accumulator_value = 0;
  double eps = 1e-10;
};

class Adagrad final : public Optimizer {
 public:
  explicit Adagrad(std::vector<Tensor> params, const AdagradOptions& options = {});
  // Groups keep their own learning rates; options.lr is not used.
  Adagrad(std::vector<ParamGroup> groups, const AdagradOptions& options);

  void step() override;
  using Optimizer::step;
  [[nodiscard]] std::string name() const override { return "adagrad"; }
  [[nodiscard]] const AdagradOptions& options() const { return options_; }

  // Adds "state.<i>.step" and "state.<i>.sum" for every parameter (the sums exist from the start).
  [[nodiscard]] OptimizerState state_dict() const override;
  void load_state_dict(const OptimizerState& state) override;

 private:
  AdagradOptions options_;
  std::vector<int64_t> step_;
  std::vector<Tensor> sum_;
};

}  // namespace nabla::optim
