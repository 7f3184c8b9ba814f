// Newton's method: the exact Hessian from the closure's own (differentiable) gradients, a dense solve,
// and optional Armijo backtracking.
#include <nabla/optim/newton.h>

#include <cmath>
#include <stdexcept>

#include <nabla/autograd/functional.h>
#include <nabla/autograd/grad_node.h>
#include <nabla/optim/flat_vector.h>

#include "dense_solve.h"
#include "fused_loop.h"

namespace nabla::optim {
namespace {

// The parameters (or their gradients) flattened and concatenated, in float64.
std::vector<double> flatten(const std::vector<Tensor>& tensors) {
  std::vector<double> flat;
  for (const Tensor& t : tensors) {
    const std::vector<double> v = t.to_vector<double>();
    flat.insert(flat.end(), v.begin(), v.end());
  }
  return flat;
}

// Detaches the parameters' gradients when it goes out of scope, releasing the graph that the
// create-graph backward hung on them (also when the Hessian or the solve throws).
class DetachGradsOnExit {
 public:
  explicit DetachGradsOnExit(const std::vector<Tensor>& params) : params_(params) {}
  ~DetachGradsOnExit() {
    for (const Tensor& p : params_)
      if (p.grad().defined()) p.set_grad(p.grad().detach());
  }
  DetachGradsOnExit(const DetachGradsOnExit&) = delete;
  DetachGradsOnExit& operator=(const DetachGradsOnExit&) = delete;

 private:
  const std::vector<Tensor>& params_;
};

}  // namespace

Newton::Newton(std::vector<Tensor> params, const NewtonOptions& options)
    : Optimizer({{std::move(params), options.lr}}), options_(options), params_(all_params()) {
  if (!(options_.damping >= 0))
    throw std::invalid_argument("newton: damping " + std::to_string(options_.damping) + " must be >= 0");
  if (options_.max_backtracks < 0)
    throw std::invalid_argument("newton: max_backtracks " + std::to_string(options_.max_backtracks) + " must be >= 0");
  int64_t n = 0;
  for (const Tensor& p : params_) n += p.numel();
  if (n > options_.max_params)
    throw std::invalid_argument("newton: " + std::to_string(n) + " parameters exceed max_params = " +
                                std::to_string(options_.max_params) + " (the exact Hessian needs " +
                                std::to_string(n) + " backward passes and an n x n matrix per step)");
}

void Newton::step() {
  throw std::invalid_argument("newton: step() needs the loss again for the Hessian; call step(closure)");
}

void Newton::set_params(const std::vector<double>& w0, double t, const std::vector<double>& d) {
  std::size_t offset = 0;
  for (const Tensor& p : params_) {
    visit_param_type(p, [&]<class T>() {
      T* w = p.data<T>();
      for (int64_t i = 0; i < p.numel(); ++i) w[i] = static_cast<T>(w0[offset + i] + t * d[offset + i]);
    });
    offset += static_cast<std::size_t>(p.numel());
  }
}

Tensor Newton::step(const Closure& closure) {
  const double lr = groups_[0].lr;
  const DetachGradsOnExit detach(params_);
  Tensor loss;
  {
    // The closure's backward leaves differentiable gradients, which the Hessian differentiates again.
    const CreateGraphGuard create_graph;
    loss = evaluate(closure);
  }
  last_step_ = {};
  if (!std::isfinite(loss.item())) return loss;  // nothing to step from; the caller sees the loss
  std::vector<Tensor> grads;
  for (const Tensor& p : params_) grads.push_back(p.grad().defined() ? p.grad() : Tensor::zeros(p.shape(), p.dtype()));
  const std::vector<double> g = flatten(grads);
  const std::size_t n = g.size();
  std::vector<double> h = hessian_from_gradients(grads, params_).to_vector<double>();
  for (std::size_t i = 0; i < n; ++i) h[i * n + i] += options_.damping;
  DenseSolution solution = solve_symmetric(std::move(h), g, n, "newton");
  std::vector<double> d = std::move(solution.x);
  for (double& v : d) v = -v;
  last_step_ = {solution.cholesky, false, lr, 0};

  const std::vector<double> w0 = flatten(params_);
  if (!options_.line_search) {
    set_params(w0, lr, d);
    return loss;
  }
  double slope = dot(g, d);
  if (slope >= 0) {
    for (std::size_t i = 0; i < n; ++i) d[i] = -g[i];
    slope = -dot(g, g);
    last_step_.gradient_fallback = true;
  }
  const double f0 = loss.item();
  double t = lr;
  // Each trial runs the whole closure, backward included, as PyTorch's L-BFGS line search does.
  for (int k = 0; k <= options_.max_backtracks; ++k, t *= 0.5) {
    set_params(w0, t, d);
    ++last_step_.evaluations;
    if (evaluate(closure).item() <= f0 + 1e-4 * t * slope) {
      last_step_.t = t;
      return loss;
    }
  }
  set_params(w0, 0, d);
  last_step_.t = 0;
  return loss;
}

}  // namespace nabla::optim
