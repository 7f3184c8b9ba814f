// Optimizer: the base of every optimizer. Parameter groups with their own learning rate, per-parameter
// state kept by parameter index (never by address), zero_grad, step, and state save/load as named
// tensors (used by checkpoints).
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nabla/optim/optimizer_state.h>
#include <nabla/tensor/tensor.h>

namespace nabla::optim {

struct ParamGroup {
  std::vector<Tensor> params;
  double lr = 1e-3;
};

// A closure re-evaluates the model, as in PyTorch: it zeroes the gradients, computes the loss, calls
// backward(loss) and returns the loss. step(closure) runs it with grad mode on; L-BFGS and Newton run
// it again for their line searches. make_closure writes one for a loss function.
using Closure = std::function<Tensor()>;

class Optimizer {
 public:
  // Requires: every parameter is a contiguous float32 or float64 CPU tensor.
  explicit Optimizer(std::vector<ParamGroup> groups);
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  // One update from the gradients in .grad (parameters without a gradient are skipped).
  virtual void step() = 0;
  // Optimizers that need to re-evaluate the loss override this; the default runs the closure, calls
  // step() and returns the closure's loss.
  virtual Tensor step(const Closure& closure);

  void zero_grad();
  [[nodiscard]] std::vector<ParamGroup>& param_groups() { return groups_; }
  [[nodiscard]] const std::vector<ParamGroup>& param_groups() const { return groups_; }
  // Sets the learning rate of every group (schedules call this).
  void set_lr(double lr);
  [[nodiscard]] double lr() const { return groups_.at(0).lr; }
  [[nodiscard]] virtual std::string name() const = 0;

  // The momentum a one-cycle schedule may vary: SGD's and RMSprop's momentum, Adam's β₁; nullopt for
  // optimizers without one (as PyTorch's OneCycleLR looks for 'momentum' or 'betas').
  [[nodiscard]] virtual std::optional<double> momentum() const { return std::nullopt; }
  // Throws std::invalid_argument when momentum() is nullopt.
  virtual void set_momentum(double momentum);

  // "group.<g>.lr" per group, "momentum" where there is one, plus each optimizer's own state.
  [[nodiscard]] virtual OptimizerState state_dict() const;
  virtual void load_state_dict(const OptimizerState& state);

 protected:
  // Runs the closure with grad mode on and returns its loss. Throws std::invalid_argument when the loss
  // is not a scalar, or is finite but no parameter has a gradient (a closure that forgot backward).
  Tensor evaluate(const Closure& closure);
  // Every parameter of every group, in order; the position is the parameter's state index.
  [[nodiscard]] std::vector<Tensor> all_params() const;
  // Calls f(param, index, lr) for each parameter that has a gradient, with its group's learning rate.
  void for_each_with_grad(const std::function<void(const Tensor&, std::size_t, double)>& f) const;
  // The gradient of p, checked against p's shape and dtype, contiguous.
  [[nodiscard]] Tensor grad_of(const Tensor& p) const;

  std::vector<ParamGroup> groups_;
};

// The closure for a loss function of the optimizer's parameters:
//   optimizer.zero_grad(); loss = f(); backward(loss); return loss.
// optimizer must outlive the closure.
[[nodiscard]] Closure make_closure(Optimizer& optimizer, std::function<Tensor()> f);

}  // namespace nabla::optim
