// The Adam/AdamW update as one pass per parameter over p, g, m, v (and the AMSGrad maximum), with
// PyTorch 1.13's order of operations.
#include "adam_moments.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "fused_loop.h"

namespace nabla::optim {
namespace {

template <class T>
struct Coefficients {
  T beta1, one_minus_beta1, beta2, one_minus_beta2;
  T neg_step_size;          // −lr / (1 − β₁ᵗ)
  T bias_correction2_sqrt;  // √(1 − β₂ᵗ)
  T eps, weight_decay, decay_factor;
};

// p, g, m, v: (n); vmax: (n), unused without AMSGrad. The flags are compile-time (see with_flags):
// Decoupled is AdamW's p ← p·(1 − lr·wd), Coupled is Adam's g ← g + wd·p.
template <class T, class Amsgrad, class Decoupled, class Coupled>
void update_kernel(T* p, const T* g, T* m, T* v, T* vmax, int64_t n, const Coefficients<T> c) {
  fused_for<T>(n, [=]<class V>(int64_t i) {
    V w = load<V>(p + i);
    V grad = load<V>(g + i);
    if constexpr (Decoupled::value) w = w * c.decay_factor;
    if constexpr (Coupled::value) grad = grad + c.weight_decay * w;
    const V mi = load<V>(m + i) * c.beta1 + c.one_minus_beta1 * grad;
    const V vi = load<V>(v + i) * c.beta2 + c.one_minus_beta2 * grad * grad;
    store(m + i, mi);
    store(v + i, vi);
    V second = vi;
    if constexpr (Amsgrad::value) {
      // AMSGrad as PyTorch: the maximum of the raw second moments, bias-corrected afterwards.
      second = larger(load<V>(vmax + i), vi);
      store(vmax + i, second);
    }
    const V denom = root(second) / c.bias_correction2_sqrt + c.eps;
    store(p + i, w + c.neg_step_size * mi / denom);
  });
}

}  // namespace

void check_adam_options(const char* who, double beta1, double beta2, double eps, double weight_decay) {
  const std::string w(who);
  if (!(beta1 >= 0 && beta1 < 1)) throw std::invalid_argument(w + ": beta1 " + std::to_string(beta1) + " must be in [0, 1)");
  if (!(beta2 >= 0 && beta2 < 1)) throw std::invalid_argument(w + ": beta2 " + std::to_string(beta2) + " must be in [0, 1)");
  if (!(eps >= 0)) throw std::invalid_argument(w + ": eps " + std::to_string(eps) + " must be >= 0");
  if (!(weight_decay >= 0))
    throw std::invalid_argument(w + ": weight_decay " + std::to_string(weight_decay) + " must be >= 0");
}

void AdamMoments::update(const Tensor& p, const Tensor& g, std::size_t index, const AdamHyper& h) {
  if (!exp_avg_[index].defined()) {
    exp_avg_[index] = Tensor::zeros(p.shape(), p.dtype());
    exp_avg_sq_[index] = Tensor::zeros(p.shape(), p.dtype());
  }
  if (h.amsgrad && !max_sq_[index].defined()) max_sq_[index] = Tensor::zeros(p.shape(), p.dtype());
  const double step = static_cast<double>(++step_[index]);
  const double bias_correction1 = 1 - std::pow(h.beta1, step);
  const double bias_correction2 = 1 - std::pow(h.beta2, step);
  const double step_size = h.lr / bias_correction1;
  visit_param_type(p, [&]<class T>() {
    const Coefficients<T> c{static_cast<T>(h.beta1),    static_cast<T>(1 - h.beta1),
                            static_cast<T>(h.beta2),    static_cast<T>(1 - h.beta2),
                            static_cast<T>(-step_size), static_cast<T>(std::sqrt(bias_correction2)),
                            static_cast<T>(h.eps),      static_cast<T>(h.weight_decay),
                            static_cast<T>(1 - h.lr * h.weight_decay)};
    T* vmax = h.amsgrad ? max_sq_[index].data<T>() : nullptr;
    with_flags(
        [&](auto amsgrad, auto decoupled, auto coupled) {
          update_kernel<T, decltype(amsgrad), decltype(decoupled), decltype(coupled)>(
              p.data<T>(), g.data<T>(), exp_avg_[index].data<T>(), exp_avg_sq_[index].data<T>(), vmax, p.numel(), c);
        },
        h.amsgrad, h.decoupled, !h.decoupled && h.weight_decay != 0);
  });
}

void AdamMoments::save(OptimizerState& state) const {
  for (std::size_t i = 0; i < step_.size(); ++i) {
    if (!exp_avg_[i].defined()) continue;
    put_scalar(state, param_key(i, "step"), static_cast<double>(step_[i]));
    put_tensor(state, param_key(i, "exp_avg"), exp_avg_[i]);
    put_tensor(state, param_key(i, "exp_avg_sq"), exp_avg_sq_[i]);
    if (max_sq_[i].defined()) put_tensor(state, param_key(i, "max_exp_avg_sq"), max_sq_[i]);
  }
}

void AdamMoments::load(const OptimizerState& state, const std::vector<Tensor>& params, bool amsgrad) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    const bool has = state.contains(param_key(i, "exp_avg"));
    step_[i] = has ? static_cast<int64_t>(get_scalar(state, param_key(i, "step"))) : 0;
    exp_avg_[i] = has ? get_tensor_like(state, param_key(i, "exp_avg"), params[i]) : Tensor();
    exp_avg_sq_[i] = has ? get_tensor_like(state, param_key(i, "exp_avg_sq"), params[i]) : Tensor();
    max_sq_[i] = has && amsgrad ? get_tensor_like(state, param_key(i, "max_exp_avg_sq"), params[i]) : Tensor();
  }
}

}  // namespace nabla::optim
