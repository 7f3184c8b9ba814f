// The optimizer base: parameter checks, zero_grad, the closure step, learning rates and their state.
#include <nabla/optim/optimizer.h>

#include <cmath>
#include <stdexcept>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/grad_node.h>

namespace nabla::optim {

Optimizer::Optimizer(std::vector<ParamGroup> groups) : groups_(std::move(groups)) {
  if (groups_.empty()) throw std::invalid_argument("optimizer: no parameter groups");
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (!(groups_[g].lr >= 0))
      throw std::invalid_argument("optimizer: group " + std::to_string(g) + " has learning rate " +
                                  std::to_string(groups_[g].lr) + " (must be >= 0)");
    for (const Tensor& p : groups_[g].params) {
      if (!p.defined()) throw std::invalid_argument("optimizer: group " + std::to_string(g) + " holds an undefined tensor");
      if (p.dtype() != DType::f32 && p.dtype() != DType::f64)
        throw std::invalid_argument("optimizer: parameter " + p.describe() + " is not float32 or float64");
      if (!p.is_contiguous() || p.device() != Device::cpu)
        throw std::invalid_argument("optimizer: parameter " + p.describe() + " must be a contiguous CPU tensor");
    }
  }
}

Tensor Optimizer::step(const Closure& closure) {
  Tensor loss = evaluate(closure);
  step();
  return loss;
}

void Optimizer::zero_grad() {
  for (const ParamGroup& g : groups_) nabla::zero_grad(g.params);
}

void Optimizer::set_lr(double lr) {
  if (!(lr >= 0)) throw std::invalid_argument(name() + ": learning rate " + std::to_string(lr) + " must be >= 0");
  for (ParamGroup& g : groups_) g.lr = lr;
}

void Optimizer::set_momentum(double) {
  throw std::invalid_argument(name() + ": has no momentum to set");
}

OptimizerState Optimizer::state_dict() const {
  OptimizerState state;
  for (std::size_t g = 0; g < groups_.size(); ++g) put_scalar(state, "group." + std::to_string(g) + ".lr", groups_[g].lr);
  if (const auto m = momentum()) put_scalar(state, "momentum", *m);
  return state;
}

void Optimizer::load_state_dict(const OptimizerState& state) {
  for (std::size_t g = 0; g < groups_.size(); ++g) groups_[g].lr = get_scalar(state, "group." + std::to_string(g) + ".lr");
  if (momentum()) set_momentum(get_scalar(state, "momentum"));
}

Tensor Optimizer::evaluate(const Closure& closure) {
  Tensor loss;
  {
    NoGradGuard enable(true);
    loss = closure();
  }
  if (!loss.defined() || loss.numel() != 1)
    throw std::invalid_argument(name() + ": the closure must return a scalar loss" +
                                (loss.defined() ? ", got " + loss.describe() : std::string()));
  // A non-finite loss may come without gradients (the trainer skips backward then); the caller decides.
  if (!std::isfinite(loss.item())) return loss;
  for (const Tensor& p : all_params())
    if (p.grad().defined()) return loss;
  throw std::invalid_argument(name() + ": the closure returned a loss but left no gradient; it must zero the "
                              "gradients, compute the loss, call backward(loss) and return the loss");
}

std::vector<Tensor> Optimizer::all_params() const {
  std::vector<Tensor> params;
  for (const ParamGroup& g : groups_) params.insert(params.end(), g.params.begin(), g.params.end());
  return params;
}

void Optimizer::for_each_with_grad(const std::function<void(const Tensor&, std::size_t, double)>& f) const {
  std::size_t index = 0;
  for (const ParamGroup& g : groups_)
    for (const Tensor& p : g.params) {
      if (p.grad().defined()) f(p, index, g.lr);
      ++index;
    }
}

Tensor Optimizer::grad_of(const Tensor& p) const {
  const Tensor g = p.grad();
  if (g.shape() != p.shape() || g.dtype() != p.dtype())
    throw std::invalid_argument(name() + ": gradient " + g.describe() + " does not match parameter " + p.describe());
  return g.contiguous();
}

Closure make_closure(Optimizer& optimizer, std::function<Tensor()> f) {
  return [&optimizer, f = std::move(f)] {
    optimizer.zero_grad();
    Tensor loss = f();
    backward(loss);
    return loss;
  };
}

}  // namespace nabla::optim
