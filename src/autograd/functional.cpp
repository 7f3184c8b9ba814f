// Hessians and Hessian-vector products by differentiating the (differentiable) gradient once more.
#include <nabla/autograd/functional.h>

#include <stdexcept>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>

namespace nabla {

Tensor flatten_all(const std::vector<Tensor>& tensors) {
  std::vector<Tensor> flat;
  for (const Tensor& t : tensors) flat.push_back(reshape(t, {-1}));
  return cat(flat, 0);
}

namespace {

// f's gradient with its graph, one per parameter.
std::vector<Tensor> differentiable_gradient(const ScalarFunction& f, const std::vector<Tensor>& params,
                                           const char* op) {
  NoGradGuard enable(true);
  const Tensor y = f();
  if (y.numel() != 1) throw std::invalid_argument(std::string(op) + ": f must return a scalar, got " + y.describe());
  return grad(y, params, {}, true);
}

}  // namespace

Tensor hessian_from_gradients(const std::vector<Tensor>& grads, const std::vector<Tensor>& params) {
  if (grads.size() != params.size())
    throw std::invalid_argument("hessian: " + std::to_string(grads.size()) + " gradients for " +
                                std::to_string(params.size()) + " parameters");
  NoGradGuard enable(true);  // the slices below must stay on the gradients' graph
  std::vector<Tensor> filled;
  for (std::size_t k = 0; k < grads.size(); ++k) {
    const Tensor& g = grads[k];
    if (g.defined() && g.shape() != params[k].shape())
      throw std::invalid_argument("hessian: gradient " + g.describe() + " does not match parameter " +
                                  params[k].describe());
    filled.push_back(g.defined() ? g : Tensor::zeros(params[k].shape(), params[k].dtype()));
  }
  const Tensor g = flatten_all(filled);
  const int64_t n = g.numel();
  Tensor h = Tensor::empty({n, n}, g.dtype());
  for (int64_t i = 0; i < n; ++i) {
    const Tensor gi = slice(g, 0, i, i + 1);
    // A gradient entry that does not depend on the parameters (e.g. f linear) has a zero row.
    const Tensor row = gi.requires_grad() ? flatten_all(grad(sum(gi), params)) : Tensor::zeros({n}, g.dtype());
    h.as_strided({n}, {1}, h.offset() + i * n).copy_(row);
  }
  return h;
}

Tensor hessian(const ScalarFunction& f, const std::vector<Tensor>& params) {
  return hessian_from_gradients(differentiable_gradient(f, params, "hessian"), params);
}

Tensor hvp(const ScalarFunction& f, const std::vector<Tensor>& params, const Tensor& v) {
  NoGradGuard enable(true);
  const Tensor g = flatten_all(differentiable_gradient(f, params, "hvp"));
  if (v.shape() != g.shape())
    throw std::invalid_argument("hvp: vector " + v.describe() + " does not match the " +
                                std::to_string(g.numel()) + " parameters");
  if (!g.requires_grad()) return Tensor::zeros(g.shape(), g.dtype());
  return flatten_all(grad(sum(mul(g, v.detach())), params));
}

}  // namespace nabla
