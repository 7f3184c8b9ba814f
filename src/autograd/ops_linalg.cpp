// Matrix products, convolution and pooling with their gradient rules. The backward kernels of
// convolution and pooling are linear maps whose adjoints are the forward kernels, so each is recorded
// as an op of its own and grad-of-grad works through ConvNets too.
#include <nabla/autograd/ops.h>

#include "record.h"
#include "relu_rule.h"

namespace nabla {
namespace {

using kernels::Conv2dGeometry;
using kernels::Pool2dGeometry;

Tensor conv_input_grad(const Tensor& g, const Tensor& w, const Shape& input_shape, const Conv2dGeometry& geo);
Tensor conv_weight_grad(const Tensor& g, const Tensor& x, const Shape& weight_shape, const Conv2dGeometry& geo);

// dx = convᵀ(g, w). As a function of (g, w): d/dg = conv2d(·, w), d/dw = conv_weight_grad(g, ·).
Tensor conv_input_grad(const Tensor& g, const Tensor& w, const Shape& input_shape, const Conv2dGeometry& geo) {
  return record("conv2d_backward_input", {g, w}, kernels::conv2d_backward_input(g, w, input_shape, geo),
                [g, w, geo](const Tensor& gg) {
                  return std::vector<Tensor>{nabla::conv2d(gg, w, Tensor(), geo), conv_weight_grad(g, gg, w.shape(), geo)};
                });
}

// dw = corr(g, x). As a function of (g, x): d/dg = conv2d(x, ·), d/dx = conv_input_grad(g, ·).
Tensor conv_weight_grad(const Tensor& g, const Tensor& x, const Shape& weight_shape, const Conv2dGeometry& geo) {
  return record("conv2d_backward_weight", {g, x}, kernels::conv2d_backward_weight(g, x, weight_shape, geo),
                [g, x, geo](const Tensor& gg) {
                  return std::vector<Tensor>{nabla::conv2d(x, gg, Tensor(), geo), conv_input_grad(g, gg, x.shape(), geo)};
                });
}

Tensor pool_scatter(const Tensor& g, const Tensor& indices, const Shape& input_shape);

// Picks each window's winner out of x: the adjoint of pool_scatter.
Tensor pool_gather(const Tensor& x, const Tensor& indices) {
  return record("max_pool2d_gather", {x}, kernels::max_pool2d_gather(x, indices), [x, indices](const Tensor& gg) {
    return std::vector<Tensor>{pool_scatter(gg, indices, x.shape())};
  });
}

Tensor pool_scatter(const Tensor& g, const Tensor& indices, const Shape& input_shape) {
  return record("max_pool2d_backward", {g}, kernels::max_pool2d_backward(g, indices, input_shape),
                [indices](const Tensor& gg) { return std::vector<Tensor>{pool_gather(gg, indices)}; });
}

Tensor avg_pool_backward(const Tensor& g, const Shape& input_shape, const Pool2dGeometry& geo) {
  return record("avg_pool2d_backward", {g}, kernels::avg_pool2d_backward(g, input_shape, geo),
                [geo](const Tensor& gg) { return std::vector<Tensor>{nabla::avg_pool2d(gg, geo)}; });
}

}  // namespace

Tensor matmul(const Tensor& a, const Tensor& b) {
  // 1-D operands become a row (a) or column (b) matrix, so the rule below only sees rank >= 2.
  if (a.dim() == 1 || b.dim() == 1) {
    if (a.dim() == 0 || b.dim() == 0) return kernels::matmul(a, b);  // throws with both shapes
    const Tensor a2 = a.dim() == 1 ? unsqueeze(a, 0) : a;
    const Tensor b2 = b.dim() == 1 ? unsqueeze(b, 1) : b;
    const Tensor out = matmul(a2, b2);
    Shape s = out.shape();
    if (b.dim() == 1) s.pop_back();
    if (a.dim() == 1) s.erase(s.end() - (b.dim() == 1 ? 1 : 2));
    return reshape(out, s);
  }
  return record("matmul", {a, b}, kernels::matmul(a, b), [a, b](const Tensor& g) {
    // d/da = g @ bᵀ, d/db = aᵀ @ g, summed over broadcast batch dims.
    return std::vector<Tensor>{a.requires_grad() ? sum_to(matmul(g, transpose(b, -1, -2)), a.shape()) : Tensor(),
                               b.requires_grad() ? sum_to(matmul(transpose(a, -1, -2), g), b.shape()) : Tensor()};
  });
}

Tensor linear(const Tensor& x, const Tensor& w, const Tensor& bias) {
  if (x.dim() < 1 || w.dim() != 2) return matmul(x, transpose(w, 0, 1));  // throws with both shapes
  if (x.dim() != 2) {  // (…, in): through a matrix of rows and back
    Shape out_shape = x.shape();
    out_shape.back() = w.shape()[0];
    return reshape(linear(reshape(x, {-1, x.shape().back()}), w, bias), out_shape);
  }
  const Tensor y = record("linear", {x, w}, kernels::matmul(x, w, false, true), [x, w](const Tensor& g) {
    // dx = g @ w; dw = gᵀ @ x comes out (out, in) and contiguous like w itself, where the composition
    // matmul(x, transpose(w)) would hand the optimizer a transposed view (and backward a copy to make).
    return std::vector<Tensor>{x.requires_grad() ? matmul(g, w) : Tensor(),
                               w.requires_grad() ? matmul(transpose(g, 0, 1), x) : Tensor()};
  });
  return bias.defined() ? add(y, bias) : y;
}

namespace {

// Grouped convolution as the concatenation of one convolution per group of channels (what PyTorch's
// groups compute); its gradient comes from slice, conv2d and cat. Depthwise (groups = channels) is one
// small convolution per channel: correct, not fast.
Tensor grouped_conv2d(const Tensor& x, const Tensor& w, const Tensor& bias, const Conv2dGeometry& geo,
                      int64_t groups) {
  if (groups < 1 || x.dim() != 4 || w.dim() != 4 || x.size(1) != w.size(1) * groups || w.size(0) % groups != 0)
    throw std::invalid_argument("conv2d: input " + shape_str(x.shape()) + " and weight " + shape_str(w.shape()) +
                                " do not fit groups = " + std::to_string(groups) +
                                " (need C = groups·weight's C and O divisible by groups)");
  const int64_t c = w.size(1), o = w.size(0) / groups;
  std::vector<Tensor> outs;
  for (int64_t i = 0; i < groups; ++i)
    outs.push_back(conv2d(slice(x, 1, i * c, (i + 1) * c), slice(w, 0, i * o, (i + 1) * o),
                          bias.defined() ? slice(bias, 0, i * o, (i + 1) * o) : Tensor(), geo));
  return cat(outs, 1);
}

}  // namespace

Tensor conv2d(const Tensor& x, const Tensor& w, const Tensor& bias, const Conv2dGeometry& geo, int64_t groups) {
  if (groups != 1) return grouped_conv2d(x, w, bias, geo, groups);
  std::vector<Tensor> inputs{x, w};
  if (bias.defined()) inputs.push_back(bias);
  return record("conv2d", inputs, kernels::conv2d(x, w, bias, geo), [x, w, bias, geo](const Tensor& g) {
    std::vector<Tensor> grads;
    if (x.requires_grad() && w.requires_grad() && !building_graph()) {  // one kernel when no graph is recorded
      auto both = kernels::conv2d_backward(g, x, w, geo);
      grads = {std::move(both.first), std::move(both.second)};
    } else {
      grads = {x.requires_grad() ? conv_input_grad(g, w, x.shape(), geo) : Tensor(),
               w.requires_grad() ? conv_weight_grad(g, x, w.shape(), geo) : Tensor()};
    }
    if (bias.defined()) grads.push_back(bias.requires_grad() ? sum(g, {0, 2, 3}) : Tensor());
    return grads;
  });
}

Tensor max_pool2d(const Tensor& x, const Pool2dGeometry& geo) {
  auto [out, indices] = kernels::max_pool2d(x, geo);
  return record("max_pool2d", {x}, out, [x, indices = indices](const Tensor& g) {
    return std::vector<Tensor>{pool_scatter(g, indices, x.shape())};
  });
}

Tensor relu_max_pool2d(const Tensor& x, const Pool2dGeometry& geo) {
  auto [pooled, indices] = kernels::max_pool2d(x, geo);
  const Tensor out = kernels::unary(kernels::Unary::relu, pooled);
  return record("relu_max_pool2d", {x}, out, [shape = x.shape(), indices = indices, y = out.detach()](const Tensor& g) {
    return std::vector<Tensor>{pool_scatter(relu_backward(g, y), indices, shape)};
  });
}

Tensor avg_pool2d(const Tensor& x, const Pool2dGeometry& geo) {
  return record("avg_pool2d", {x}, kernels::avg_pool2d(x, geo), [x, geo](const Tensor& g) {
    return std::vector<Tensor>{avg_pool_backward(g, x.shape(), geo)};
  });
}

}  // namespace nabla
