// RMSprop's update: one fused pass per parameter over p, g, the squared average and, where used, the
// gradient average and the momentum buffer.
#include <nabla/optim/rmsprop.h>

#include <cmath>
#include <stdexcept>

#include "fused_loop.h"

namespace nabla::optim {
namespace {

void check(const RMSpropOptions& o) {
  const auto non_negative = [](const char* what, double v) {
    if (!(v >= 0)) throw std::invalid_argument(std::string("rmsprop: ") + what + " " + std::to_string(v) + " must be >= 0");
  };
  non_negative("alpha", o.alpha);
  non_negative("eps", o.eps);
  non_negative("weight_decay", o.weight_decay);
  non_negative("momentum", o.momentum);
}

template <class T>
struct Coefficients {
  T neg_lr, alpha, one_minus_alpha, eps, weight_decay, momentum;
};

// p, g, square_avg: (n); grad_avg: (n), unused unless Centered; buf: (n), unused without Momentum.
// The flags are compile-time (see with_flags).
template <class T, class Decay, class Centered, class Momentum>
void update(T* p, const T* g, T* square_avg, T* grad_avg, T* buf, int64_t n, const Coefficients<T> c) {
  fused_for<T>(n, [=]<class V>(int64_t i) {
    const V w = load<V>(p + i);
    V grad = load<V>(g + i);
    if constexpr (Decay::value) grad = grad + c.weight_decay * w;
    const V s = load<V>(square_avg + i) * c.alpha + c.one_minus_alpha * grad * grad;
    store(square_avg + i, s);
    V r;
    if constexpr (Centered::value) {
      const V a = load<V>(grad_avg + i) * c.alpha + c.one_minus_alpha * grad;
      store(grad_avg + i, a);
      r = root(s + T(-1) * a * a) + c.eps;
    } else {
      r = root(s) + c.eps;
    }
    if constexpr (Momentum::value) {
      const V b = load<V>(buf + i) * c.momentum + grad / r;
      store(buf + i, b);
      store(p + i, w + c.neg_lr * b);
    } else {
      store(p + i, w + c.neg_lr * grad / r);
    }
  });
}

}  // namespace

RMSprop::RMSprop(std::vector<Tensor> params, const RMSpropOptions& options)
    : RMSprop(std::vector<ParamGroup>{{std::move(params), options.lr}}, options) {}

RMSprop::RMSprop(std::vector<ParamGroup> groups, const RMSpropOptions& options)
    : Optimizer(std::move(groups)), options_(options) {
  check(options_);
  const std::size_t n = all_params().size();
  step_.assign(n, 0);
  square_avg_.resize(n);
  momentum_buffer_.resize(n);
  grad_avg_.resize(n);
}

void RMSprop::set_momentum(double momentum) {
  RMSpropOptions next = options_;
  next.momentum = momentum;
  check(next);
  options_ = next;
}

void RMSprop::step() {
  for_each_with_grad([&](const Tensor& p, std::size_t index, double lr) {
    const Tensor g = grad_of(p);
    // State appears on a parameter's first step, as in PyTorch; the buffers start at zero.
    if (!square_avg_[index].defined()) square_avg_[index] = Tensor::zeros(p.shape(), p.dtype());
    if (options_.momentum > 0 && !momentum_buffer_[index].defined())
      momentum_buffer_[index] = Tensor::zeros(p.shape(), p.dtype());
    if (options_.centered && !grad_avg_[index].defined()) grad_avg_[index] = Tensor::zeros(p.shape(), p.dtype());
    ++step_[index];
    visit_param_type(p, [&]<class T>() {
      const Coefficients<T> c{static_cast<T>(-lr),          static_cast<T>(options_.alpha),
                              static_cast<T>(1 - options_.alpha), static_cast<T>(options_.eps),
                              static_cast<T>(options_.weight_decay), static_cast<T>(options_.momentum)};
      T* grad_avg = options_.centered ? grad_avg_[index].data<T>() : nullptr;
      T* buf = options_.momentum > 0 ? momentum_buffer_[index].data<T>() : nullptr;
      with_flags(
          [&](auto decay, auto centered, auto momentum) {
            update<T, decltype(decay), decltype(centered), decltype(momentum)>(
                p.data<T>(), g.data<T>(), square_avg_[index].data<T>(), grad_avg, buf, p.numel(), c);
          },
          options_.weight_decay != 0, options_.centered, options_.momentum > 0);
    });
  });
}

OptimizerState RMSprop::state_dict() const {
  OptimizerState state = Optimizer::state_dict();
  for (std::size_t i = 0; i < square_avg_.size(); ++i) {
    if (!square_avg_[i].defined()) continue;
    put_scalar(state, param_key(i, "step"), static_cast<double>(step_[i]));
    put_tensor(state, param_key(i, "square_avg"), square_avg_[i]);
    if (momentum_buffer_[i].defined()) put_tensor(state, param_key(i, "momentum_buffer"), momentum_buffer_[i]);
    if (grad_avg_[i].defined()) put_tensor(state, param_key(i, "grad_avg"), grad_avg_[i]);
  }
  return state;
}

void RMSprop::load_state_dict(const OptimizerState& state) {
  Optimizer::load_state_dict(state);
  const std::vector<Tensor> params = all_params();
  const auto optional = [&](std::size_t i, const char* name) {
    const std::string key = param_key(i, name);
    return state.contains(key) ? get_tensor_like(state, key, params[i]) : Tensor();
  };
  for (std::size_t i = 0; i < params.size(); ++i) {
    square_avg_[i] = optional(i, "square_avg");
    step_[i] = square_avg_[i].defined() ? static_cast<int64_t>(get_scalar(state, param_key(i, "step"))) : 0;
    momentum_buffer_[i] = optional(i, "momentum_buffer");
    grad_avg_[i] = optional(i, "grad_avg");
  }
}

}  // namespace nabla::optim
