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

// The gradient of f as one differentiable 1-D tensor.
Tensor flat_gradient(const ScalarFunction& f, const std::vector<Tensor>& params) {
  NoGradGuard enable(true);
  const Tensor y = f();
  if (y.numel() != 1) throw std::invalid_argument("hessian: f must return a scalar, got " + y.describe());
  return flatten_all(grad(y, params, {}, true));
}

}  // namespace

Tensor hessian(const ScalarFunction& f, const std::vector<Tensor>& params) {
  const Tensor g = flat_gradient(f, params);
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

Tensor hvp(const ScalarFunction& f, const std::vector<Tensor>& params, const Tensor& v) {
  const Tensor g = flat_gradient(f, params);
  if (v.shape() != g.shape())
    throw std::invalid_argument("hvp: vector " + v.describe() + " does not match the " +
                                std::to_string(g.numel()) + " parameters");
  if (!g.requires_grad()) return Tensor::zeros(g.shape(), g.dtype());
  return flatten_all(grad(sum(mul(g, v.detach())), params));
}

}  // namespace nabla
