// SGD's update: one fused pass per parameter over p, g and the momentum buffer.
#include <nabla/optim/sgd.h>

#include <stdexcept>

#include "fused_loop.h"

namespace nabla::optim {
namespace {

void check(const SGDOptions& o) {
  if (!(o.momentum >= 0)) throw std::invalid_argument("sgd: momentum " + std::to_string(o.momentum) + " must be >= 0");
  if (!(o.weight_decay >= 0))
    throw std::invalid_argument("sgd: weight_decay " + std::to_string(o.weight_decay) + " must be >= 0");
  if (o.nesterov && (o.momentum <= 0 || o.dampening != 0))
    throw std::invalid_argument("sgd: Nesterov momentum requires a momentum > 0 and zero dampening");
}

template <class T>
struct Coefficients {
  T neg_lr, weight_decay, momentum, one_minus_dampening, sign;  // sign: −1 to maximize
};

// p: (n), g: (n), buf: (n) (unused without momentum). The flags are compile-time (see with_flags).
template <class T, class Decay, class Momentum, class Nesterov, class First>
void update(T* p, const T* g, T* buf, int64_t n, const Coefficients<T> c) {
  fused_for<T>(n, [=]<class V>(int64_t i) {
    const V w = load<V>(p + i);
    V d = c.sign * load<V>(g + i);
    if constexpr (Decay::value) d = d + c.weight_decay * w;
    if constexpr (Momentum::value) {
      V b = d;
      if constexpr (!First::value) b = load<V>(buf + i) * c.momentum + c.one_minus_dampening * d;
      store(buf + i, b);
      if constexpr (Nesterov::value)
        d = d + c.momentum * b;
      else
        d = b;
    }
    store(p + i, w + c.neg_lr * d);
  });
}

}  // namespace

SGD::SGD(std::vector<Tensor> params, const SGDOptions& options)
    : SGD(std::vector<ParamGroup>{{std::move(params), options.lr}}, options) {}

SGD::SGD(std::vector<ParamGroup> groups, const SGDOptions& options)
    : Optimizer(std::move(groups)), options_(options), momentum_buffer_(all_params().size()) {
  check(options_);
}

void SGD::set_momentum(double momentum) {
  SGDOptions next = options_;
  next.momentum = momentum;
  check(next);
  options_ = next;
}

void SGD::step() {
  for_each_with_grad([&](const Tensor& p, std::size_t index, double lr) {
    const Tensor g = grad_of(p);
    const bool first = options_.momentum != 0 && !momentum_buffer_[index].defined();
    if (first) momentum_buffer_[index] = Tensor::empty(p.shape(), p.dtype());
    const bool momentum = options_.momentum != 0;
    visit_param_type(p, [&]<class T>() {
      const Coefficients<T> c{static_cast<T>(-lr), static_cast<T>(options_.weight_decay),
                              static_cast<T>(options_.momentum), static_cast<T>(1 - options_.dampening),
                              static_cast<T>(options_.maximize ? -1 : 1)};
      T* buf = momentum ? momentum_buffer_[index].data<T>() : nullptr;
      with_flags(
          [&](auto decay, auto heavy, auto nesterov, auto first_step) {
            update<T, decltype(decay), decltype(heavy), decltype(nesterov), decltype(first_step)>(
                p.data<T>(), g.data<T>(), buf, p.numel(), c);
          },
          options_.weight_decay != 0, momentum, options_.nesterov, first);
    });
  });
}

OptimizerState SGD::state_dict() const {
  OptimizerState state = Optimizer::state_dict();
  for (std::size_t i = 0; i < momentum_buffer_.size(); ++i)
    if (momentum_buffer_[i].defined()) put_tensor(state, param_key(i, "momentum_buffer"), momentum_buffer_[i]);
  return state;
}

void SGD::load_state_dict(const OptimizerState& state) {
  Optimizer::load_state_dict(state);
  const std::vector<Tensor> params = all_params();
  for (std::size_t i = 0; i < params.size(); ++i) {
    const std::string key = param_key(i, "momentum_buffer");
    momentum_buffer_[i] = state.contains(key) ? get_tensor_like(state, key, params[i]) : Tensor();
  }
}

}  // namespace nabla::optim
