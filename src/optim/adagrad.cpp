// Adagrad's update: one fused pass per parameter over p, g and the sum of squared gradients.
#include <nabla/optim/adagrad.h>

#include <cmath>
#include <stdexcept>

#include "fused_loop.h"

namespace nabla::optim {
namespace {

template <class T>
struct Coefficients {
  T neg_clr, weight_decay, eps;
};

// p, g, sum: (n). Decay is compile-time (see with_flags).
template <class T, class Decay>
void update(T* p, const T* g, T* sum, int64_t n, const Coefficients<T> c) {
  fused_for<T>(n, [=]<class V>(int64_t i) {
    const V w = load<V>(p + i);
    V grad = load<V>(g + i);
    if constexpr (Decay::value) grad = grad + c.weight_decay * w;
    const V s = load<V>(sum + i) + grad * grad;
    store(sum + i, s);
    store(p + i, w + c.neg_clr * grad / (root(s) + c.eps));
  });
}

}  // namespace

Adagrad::Adagrad(std::vector<Tensor> params, const AdagradOptions& options)
    : Adagrad(std::vector<ParamGroup>{{std::move(params), options.lr}}, options) {}

Adagrad::Adagrad(std::vector<ParamGroup> groups, const AdagradOptions& options)
    : Optimizer(std::move(groups)), options_(options) {
  const auto non_negative = [](const char* what, double v) {
    if (!(v >= 0)) throw std::invalid_argument(std::string("adagrad: ") + what + " " + std::to_string(v) + " must be >= 0");
  };
  non_negative("lr_decay", options_.lr_decay);
  non_negative("weight_decay", options_.weight_decay);
  non_negative("initial_accumulator_value", options_.initial_accumulator_value);
  non_negative("eps", options_.eps);
  for (const Tensor& p : all_params()) {
    step_.push_back(0);
    sum_.push_back(Tensor::full(p.shape(), options_.initial_accumulator_value, p.dtype()));
  }
}

void Adagrad::step() {
  for_each_with_grad([&](const Tensor& p, std::size_t index, double lr) {
    const Tensor g = grad_of(p);
    const double clr = lr / (1 + static_cast<double>(step_[index]++) * options_.lr_decay);
    visit_param_type(p, [&]<class T>() {
      const Coefficients<T> c{static_cast<T>(-clr), static_cast<T>(options_.weight_decay), static_cast<T>(options_.eps)};
      with_flags(
          [&](auto decay) { update<T, decltype(decay)>(p.data<T>(), g.data<T>(), sum_[index].data<T>(), p.numel(), c); },
          options_.weight_decay != 0);
    });
  });
}

OptimizerState Adagrad::state_dict() const {
  OptimizerState state = Optimizer::state_dict();
  for (std::size_t i = 0; i < sum_.size(); ++i) {
    put_scalar(state, param_key(i, "step"), static_cast<double>(step_[i]));
    put_tensor(state, param_key(i, "sum"), sum_[i]);
  }
  return state;
}

void Adagrad::load_state_dict(const OptimizerState& state) {
  Optimizer::load_state_dict(state);
  const std::vector<Tensor> params = all_params();
  for (std::size_t i = 0; i < params.size(); ++i) {
    step_[i] = static_cast<int64_t>(get_scalar(state, param_key(i, "step")));
    sum_[i] = get_tensor_like(state, param_key(i, "sum"), params[i]);
  }
}

}  // namespace nabla::optim
