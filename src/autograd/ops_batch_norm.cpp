// Batch normalisation with the batch's own statistics as one op: fused kernels forward and backward, where
// the same formula built from broadcast elementwise ops took a dozen passes over the activations each way.
#include <nabla/autograd/ops.h>

#include "record.h"
#include "relu_rule.h"

namespace nabla {
namespace {

// Every dimension of x but the channels (1).
std::vector<int64_t> non_channel_dims(const Tensor& x) {
  std::vector<int64_t> dims{0};
  for (int64_t d = 2; d < x.dim(); ++d) dims.push_back(d);
  return dims;
}

// t (C) as (1, C, 1, …) against x.
Tensor per_channel(const Tensor& t, const Tensor& x) {
  Shape shape(static_cast<std::size_t>(x.dim()), 1);
  shape[1] = x.size(1);
  return reshape(t, shape);
}

// The gradient in differentiable ops, recomputing the statistics from x, for create_graph (grad of grad):
// dx = σ⁻¹·(ĝ − mean ĝ − x̂·mean(ĝ·x̂)) with ĝ = g·γ, dγ = Σ g·x̂, dβ = Σ g.
std::vector<Tensor> composed_grads(const Tensor& g, const Tensor& x, const Tensor& weight, bool has_bias, double eps) {
  const std::vector<int64_t> dims = non_channel_dims(x);
  const Tensor centred = sub(x, mean(x, dims, true));
  const Tensor inv_std = div(scalar_like(1, x), sqrt(add(mean(mul(centred, centred), dims, true), scalar_like(eps, x))));
  const Tensor x_hat = mul(centred, inv_std);
  const Tensor g_hat = weight.defined() ? mul(g, per_channel(weight, x)) : g;
  const Tensor dx =
      mul(inv_std, sub(sub(g_hat, mean(g_hat, dims, true)), mul(x_hat, mean(mul(g_hat, x_hat), dims, true))));
  std::vector<Tensor> grads{dx};
  if (weight.defined()) grads.push_back(sum(mul(g, x_hat), dims));
  if (has_bias) grads.push_back(sum(g, dims));
  return grads;
}

}  // namespace

BatchNormResult batch_norm_train(const Tensor& x, const Tensor& weight, const Tensor& bias, double eps, bool relu) {
  // Named tensors, not a structured binding: lambdas may not capture bindings before C++20 compilers that
  // implement P1091 (clang 16).
  const auto stats = kernels::batch_norm_stats(x);
  const Tensor batch_mean = stats.first, batch_var = stats.second;
  const Tensor inv_std = 1.0 / kernels::unary(kernels::Unary::sqrt, batch_var + eps);  // (C), no graph
  const Tensor scale = weight.defined() ? weight.detach() * inv_std : inv_std;
  const Tensor shift = bias.defined() ? bias.detach() - batch_mean * scale : -(batch_mean * scale);
  std::vector<Tensor> inputs{x};
  if (weight.defined()) inputs.push_back(weight);
  if (bias.defined()) inputs.push_back(bias);
  // With the ReLU, the rules take its mask from x through the forward's scale and shift (kept, (C) each).
  const Tensor relu_scale = relu ? scale : Tensor(), relu_shift = relu ? shift : Tensor();
  auto rule = [x, weight, has_bias = bias.defined(), batch_mean, inv_std, eps, relu_scale,
               relu_shift](const Tensor& g) {
    if (building_graph()) {
      // relu's own backward, its output y a constant of the graph.
      const Tensor masked =
          relu_scale.defined() ? relu_backward(g, kernels::channel_affine(x, relu_scale, relu_shift, true)) : g;
      return composed_grads(masked, x, weight, has_bias, eps);
    }
    kernels::BatchNormGrads r = kernels::batch_norm_backward(g, x, batch_mean, inv_std, weight, relu_scale, relu_shift);
    std::vector<Tensor> grads{std::move(r.dx)};
    if (weight.defined()) grads.push_back(std::move(r.dweight));
    if (has_bias) grads.push_back(std::move(r.dbias));
    return grads;
  };
  Tensor y = record("batch_norm", inputs, kernels::channel_affine(x, scale, shift, relu), std::move(rule));
  return {y, batch_mean, batch_var};
}

}  // namespace nabla
