// L-BFGS, as torch.optim.LBFGS: a quasi-Newton method that builds an inverse-Hessian estimate from the
// last history_size steps, over all parameters flattened into one vector.
//
// Each step(closure) runs up to max_iter iterations (and max_eval evaluations) of, exactly as PyTorch 1.13:
//   y = g − g_prev,  s = t·d;  if yᵀs > 1e-10 keep (y, s, ρ = 1/yᵀs) and H₀ = yᵀs / yᵀy
//   d = −H g by the two-loop recursion (first iteration ever: d = −g)
//   t = lr (first iteration ever: min(1, 1/‖g‖₁)·lr), or a strong-Wolfe line search from there
//   w ← w + t·d
// and stops early when max|g| <= tolerance_grad, gᵀd > −tolerance_change, max|t·d| <= tolerance_change
// or |f − f_prev| < tolerance_change. Without a line search the loss is not re-evaluated after the
// last iteration. PyTorch's defaults: lr 1, max_iter 20, max_eval max_iter·5/4, tolerance_grad 1e-7,
// tolerance_change 1e-9, history_size 100, line_search_fn none. One parameter group only.
// The directions and the history are kept in float64 whatever the parameters' dtype.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include <nabla/optim/optimizer.h>

namespace nabla::optim {

struct LBFGSOptions {
  double lr = 1;
  int max_iter = 20;
  int max_eval = -1;  // -1: max_iter·5/4
  double tolerance_grad = 1e-7;
  double tolerance_change = 1e-9;
  int history_size = 100;
  std::string line_search_fn{};  // "" (a fixed step of lr) or "strong_wolfe"
};

class LBFGS final : public Optimizer {
 public:
  explicit LBFGS(std::vector<Tensor> params, const LBFGSOptions& options = {});

  // Throws: L-BFGS re-evaluates the loss, use step(closure).
  void step() override;
  // Returns the loss at the start of the step. The closure follows Optimizer's contract (zero_grad,
  // loss, backward, return the loss) and runs once per evaluation, as in PyTorch.
  Tensor step(const Closure& closure) override;
  [[nodiscard]] std::string name() const override { return "lbfgs"; }
  [[nodiscard]] const LBFGSOptions& options() const { return options_; }

  // Adds, under "state.0." as PyTorch keeps it on the first parameter: func_evals, n_iter and, once an
  // iteration has run, d, t, H_diag, prev_flat_grad, prev_loss, history (the count k) and
  // old_dirs.<k>, old_stps.<k>, ro.<k> for each pair kept.
  [[nodiscard]] OptimizerState state_dict() const override;
  void load_state_dict(const OptimizerState& state) override;

 private:
  [[nodiscard]] std::vector<double> gather_flat_grad() const;
  // w ← w + t·d over the parameters in order.
  void add_to_params(double t, const std::vector<double>& d);
  // The two-loop recursion: d = −H·g from the history.
  void update_direction(const std::vector<double>& flat_grad);

  LBFGSOptions options_;
  std::vector<Tensor> params_;
  int64_t func_evals_ = 0, n_iter_ = 0;
  std::vector<double> d_, prev_flat_grad_;
  double t_ = 0, h_diag_ = 1, prev_loss_ = 0;
  std::deque<std::vector<double>> old_dirs_, old_stps_;
  std::deque<double> ro_;
};

}  // namespace nabla::optim
