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

// p, g, square_avg: (n); grad_avg: (n) or null unless centered; buf: (n) or null without momentum.
template <class T>
void update(T* p, const T* g, T* square_avg, T* grad_avg, T* buf, int64_t n, const Coefficients<T> c) {
  fused_for(n, [=](int64_t i) {
    T grad = g[i];
    if (c.weight_decay != 0) grad = grad + c.weight_decay * p[i];
    const T s = square_avg[i] * c.alpha + c.one_minus_alpha * grad * grad;
    square_avg[i] = s;
    T r;
    if (grad_avg) {
      const T a = grad_avg[i] * c.alpha + c.one_minus_alpha * grad;
      grad_avg[i] = a;
      r = std::sqrt(s + T(-1) * a * a) + c.eps;
    } else {
      r = std::sqrt(s) + c.eps;
    }
    if (buf) {
      const T b = buf[i] * c.momentum + grad / r;
      buf[i] = b;
      p[i] = p[i] + c.neg_lr * b;
    } else {
      p[i] = p[i] + c.neg_lr * grad / r;
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
      update<T>(p.data<T>(), g.data<T>(), square_avg_[index].data<T>(),
                options_.centered ? grad_avg_[index].data<T>() : nullptr,
                options_.momentum > 0 ? momentum_buffer_[index].data<T>() : nullptr, p.numel(),
                {static_cast<T>(-lr), static_cast<T>(options_.alpha), static_cast<T>(1 - options_.alpha),
                 static_cast<T>(options_.eps), static_cast<T>(options_.weight_decay), static_cast<T>(options_.momentum)});
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
