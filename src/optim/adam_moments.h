// AdamMoments: the per-parameter state shared by Adam and AdamW (step, first and second moments, the
// AMSGrad maximum) and their fused update; the two optimizers differ only in how weight decay enters.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include <nabla/optim/optimizer_state.h>
#include <nabla/tensor/tensor.h>

namespace nabla::optim {

struct AdamHyper {
  double lr, beta1, beta2, eps, weight_decay;
  bool amsgrad;
  // true: AdamW's p ← p·(1 − lr·wd) before the update; false: Adam's g ← g + wd·p.
  bool decoupled;
};

// Throws std::invalid_argument naming `who` unless 0 <= β < 1, eps >= 0 and weight_decay >= 0.
void check_adam_options(const char* who, double beta1, double beta2, double eps, double weight_decay);

class AdamMoments {
 public:
  explicit AdamMoments(std::size_t params) : step_(params, 0), exp_avg_(params), exp_avg_sq_(params), max_sq_(params) {}

  // One update of parameter p (state index `index`) from its gradient g (contiguous, p's shape and dtype).
  void update(const Tensor& p, const Tensor& g, std::size_t index, const AdamHyper& h);

  // "state.<i>.step", ".exp_avg", ".exp_avg_sq" and, with AMSGrad, ".max_exp_avg_sq" for each
  // parameter that has taken a step.
  void save(OptimizerState& state) const;
  void load(const OptimizerState& state, const std::vector<Tensor>& params, bool amsgrad);

 private:
  std::vector<int64_t> step_;
  std::vector<Tensor> exp_avg_, exp_avg_sq_, max_sq_;
};

}  // namespace nabla::optim
