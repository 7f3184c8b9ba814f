// L-BFGS: torch/optim/lbfgs.py's step, with the flat vectors in float64.
#include <nabla/optim/lbfgs.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <nabla/optim/flat_vector.h>
#include <nabla/optim/strong_wolfe.h>

#include "fused_loop.h"

namespace nabla::optim {

LBFGS::LBFGS(std::vector<Tensor> params, const LBFGSOptions& options)
    : Optimizer({{std::move(params), options.lr}}), options_(options), params_(all_params()) {
  if (options_.max_eval < 0) options_.max_eval = options_.max_iter * 5 / 4;
  if (options_.max_iter < 1) throw std::invalid_argument("lbfgs: max_iter " + std::to_string(options_.max_iter) + " must be >= 1");
  if (options_.history_size < 1)
    throw std::invalid_argument("lbfgs: history_size " + std::to_string(options_.history_size) + " must be >= 1");
  if (!options_.line_search_fn.empty() && options_.line_search_fn != "strong_wolfe")
    throw std::invalid_argument("lbfgs: line_search_fn \"" + options_.line_search_fn +
                                "\" is not supported (use \"\" or \"strong_wolfe\")");
}

void LBFGS::step() {
  throw std::invalid_argument("lbfgs: step() needs the loss again; call step(closure)");
}

std::vector<double> LBFGS::gather_flat_grad() const {
  std::vector<double> flat;
  for (const Tensor& p : params_) {
    if (!p.grad().defined()) {
      flat.insert(flat.end(), static_cast<std::size_t>(p.numel()), 0.0);
      continue;
    }
    const std::vector<double> g = grad_of(p).to_vector<double>();
    flat.insert(flat.end(), g.begin(), g.end());
  }
  return flat;
}

void LBFGS::add_to_params(double t, const std::vector<double>& d) {
  std::size_t offset = 0;
  for (const Tensor& p : params_) {
    visit_param_type(p, [&]<class T>() {
      T* w = p.data<T>();
      const double* di = d.data() + offset;
      for (int64_t i = 0; i < p.numel(); ++i) w[i] = static_cast<T>(w[i] + t * di[i]);
    });
    offset += static_cast<std::size_t>(p.numel());
  }
}

void LBFGS::update_direction(const std::vector<double>& flat_grad) {
  const std::size_t n = flat_grad.size();
  std::vector<double> y(n), s(n);
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = flat_grad[i] - prev_flat_grad_[i];
    s[i] = d_[i] * t_;
  }
  const double ys = dot(y, s);
  if (ys > 1e-10) {
    if (old_dirs_.size() == static_cast<std::size_t>(options_.history_size)) {
      old_dirs_.pop_front();
      old_stps_.pop_front();
      ro_.pop_front();
    }
    h_diag_ = ys / dot(y, y);
    old_dirs_.push_back(std::move(y));
    old_stps_.push_back(std::move(s));
    ro_.push_back(1. / ys);
  }
  // Two-loop recursion, with H₀ = h_diag·I.
  const std::size_t num_old = old_dirs_.size();
  std::vector<double> al(num_old);
  std::vector<double> q(n);
  for (std::size_t i = 0; i < n; ++i) q[i] = -flat_grad[i];
  for (std::size_t k = num_old; k-- > 0;) {
    al[k] = dot(old_stps_[k], q) * ro_[k];
    for (std::size_t i = 0; i < n; ++i) q[i] += -al[k] * old_dirs_[k][i];
  }
  for (std::size_t i = 0; i < n; ++i) d_[i] = q[i] * h_diag_;
  for (std::size_t k = 0; k < num_old; ++k) {
    const double be = dot(old_dirs_[k], d_) * ro_[k];
    for (std::size_t i = 0; i < n; ++i) d_[i] += (al[k] - be) * old_stps_[k][i];
  }
}

Tensor LBFGS::step(const Closure& closure) {
  const double lr = groups_[0].lr;
  const Tensor orig_loss = evaluate(closure);
  double loss = orig_loss.item();
  int current_evals = 1;
  ++func_evals_;
  std::vector<double> flat_grad = gather_flat_grad();
  bool opt_cond = max_abs(flat_grad) <= options_.tolerance_grad;
  if (opt_cond) return orig_loss;

  for (int n_iter = 1; n_iter <= options_.max_iter; ++n_iter) {
    ++n_iter_;
    if (n_iter_ == 1) {
      d_.resize(flat_grad.size());
      for (std::size_t i = 0; i < d_.size(); ++i) d_[i] = -flat_grad[i];
      old_dirs_.clear();
      old_stps_.clear();
      ro_.clear();
      h_diag_ = 1;
    } else {
      update_direction(flat_grad);
    }
    prev_flat_grad_ = flat_grad;
    prev_loss_ = loss;

    // The first step ever is scaled down by ‖g‖₁, later ones start at lr.
    if (n_iter_ == 1) {
      double l1 = 0;
      for (double v : flat_grad) l1 += std::abs(v);
      t_ = std::min(1., 1. / l1) * lr;
    } else {
      t_ = lr;
    }
    const double gtd = dot(flat_grad, d_);
    if (gtd > -options_.tolerance_change) break;

    int ls_func_evals = 0;
    if (options_.line_search_fn == "strong_wolfe") {
      std::vector<Tensor> x_init;
      for (const Tensor& p : params_) x_init.push_back(p.clone());
      const LineObjective objective = [&](double t) {
        add_to_params(t, d_);
        const double f = evaluate(closure).item();
        std::vector<double> g = gather_flat_grad();
        for (std::size_t k = 0; k < params_.size(); ++k) params_[k].copy_(x_init[k]);
        return std::pair{f, std::move(g)};
      };
      LineSearchResult ls = strong_wolfe(objective, t_, d_, loss, flat_grad, gtd);
      loss = ls.loss;
      flat_grad = std::move(ls.grad);
      t_ = ls.t;
      ls_func_evals = ls.evaluations;
      add_to_params(t_, d_);
      opt_cond = max_abs(flat_grad) <= options_.tolerance_grad;
    } else {
      add_to_params(t_, d_);
      // The loss is not re-evaluated after the last iteration (it would be wasted on a new batch).
      if (n_iter != options_.max_iter) {
        loss = evaluate(closure).item();
        flat_grad = gather_flat_grad();
        opt_cond = max_abs(flat_grad) <= options_.tolerance_grad;
        ls_func_evals = 1;
      }
    }
    current_evals += ls_func_evals;
    func_evals_ += ls_func_evals;

    if (n_iter == options_.max_iter || current_evals >= options_.max_eval || opt_cond) break;
    double step_max = 0;
    for (double v : d_) step_max = std::max(step_max, std::abs(v * t_));
    if (step_max <= options_.tolerance_change) break;
    if (std::abs(loss - prev_loss_) < options_.tolerance_change) break;
  }
  return orig_loss;
}

namespace {

Tensor vector_tensor(const std::vector<double>& v) {
  return Tensor::from_vector(std::span<const double>(v), {static_cast<int64_t>(v.size())});
}

}  // namespace

OptimizerState LBFGS::state_dict() const {
  OptimizerState state = Optimizer::state_dict();
  put_scalar(state, param_key(0, "func_evals"), static_cast<double>(func_evals_));
  put_scalar(state, param_key(0, "n_iter"), static_cast<double>(n_iter_));
  if (n_iter_ == 0) return state;
  state[param_key(0, "d")] = vector_tensor(d_);
  state[param_key(0, "prev_flat_grad")] = vector_tensor(prev_flat_grad_);
  put_scalar(state, param_key(0, "t"), t_);
  put_scalar(state, param_key(0, "H_diag"), h_diag_);
  put_scalar(state, param_key(0, "prev_loss"), prev_loss_);
  put_scalar(state, param_key(0, "history"), static_cast<double>(old_dirs_.size()));
  for (std::size_t k = 0; k < old_dirs_.size(); ++k) {
    const std::string index = std::to_string(k);
    state[param_key(0, "old_dirs." + index)] = vector_tensor(old_dirs_[k]);
    state[param_key(0, "old_stps." + index)] = vector_tensor(old_stps_[k]);
    put_scalar(state, param_key(0, "ro." + index), ro_[k]);
  }
  return state;
}

void LBFGS::load_state_dict(const OptimizerState& state) {
  Optimizer::load_state_dict(state);
  func_evals_ = static_cast<int64_t>(get_scalar(state, param_key(0, "func_evals")));
  n_iter_ = static_cast<int64_t>(get_scalar(state, param_key(0, "n_iter")));
  old_dirs_.clear();
  old_stps_.clear();
  ro_.clear();
  if (n_iter_ == 0) return;
  int64_t n = 0;
  for (const Tensor& p : params_) n += p.numel();
  const Tensor like = Tensor::empty({n}, DType::f64);
  const auto vector = [&](const std::string& name) {
    return get_tensor_like(state, param_key(0, name), like).to_vector<double>();
  };
  d_ = vector("d");
  prev_flat_grad_ = vector("prev_flat_grad");
  t_ = get_scalar(state, param_key(0, "t"));
  h_diag_ = get_scalar(state, param_key(0, "H_diag"));
  prev_loss_ = get_scalar(state, param_key(0, "prev_loss"));
  const auto history = static_cast<std::size_t>(get_scalar(state, param_key(0, "history")));
  for (std::size_t k = 0; k < history; ++k) {
    const std::string index = std::to_string(k);
    old_dirs_.push_back(vector("old_dirs." + index));
    old_stps_.push_back(vector("old_stps." + index));
    ro_.push_back(get_scalar(state, param_key(0, "ro." + index)));
  }
}

}  // namespace nabla::optim
