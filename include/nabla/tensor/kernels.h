// The compute kernels behind every op: plain functions from tensors to new contiguous tensors (or
// channels-last ones where the inputs are, memory_format.h), without autograd. Each checks device and
// dtype in tensor/dispatch, the one place a CUDA backend would hook in.
#pragma once
#include <cstdint>
#include <span>
#include <utility>

#include <nabla/tensor/tensor.h>

namespace nabla {

// A height and a width. One number sets both, as PyTorch's int-or-pair arguments do: `.stride = 2` or
// `.stride = {2, 1}`. Implicit from one number on purpose, so that geometries read like PyTorch's calls.
struct Size2 {
  int64_t h, w;
  constexpr Size2(int64_t both) : h(both), w(both) {}  // NOLINT(google-explicit-constructor)
  constexpr Size2(int64_t height, int64_t width) : h(height), w(width) {}
  friend constexpr bool operator==(const Size2&, const Size2&) = default;
};

// Convolution and pooling geometry, written with named fields: `{.stride = 2, .padding = 1}`. Size2 is
// not an aggregate, so a flat positional list such as Conv2dGeometry{2, 1, 1, 2} does not compile; values
// in PyTorch's order (stride, padding, dilation) do. Groups are the autograd op's (autograd/ops.h). They
// live in namespace nabla (not kernels) so that argument-dependent lookup of conv2d(x, w, b, geometry)
// finds only the differentiable op.
struct Conv2dGeometry {
  Size2 stride = 1;
  Size2 padding = 0;   // zeros on each side
  Size2 dilation = 1;  // kernel taps this far apart: a k×k kernel spans dilation·(k − 1) + 1 pixels
  // Where the activations live: true writes the output (and the input's gradient) channels-last
  // (memory_format.h), as a channels-last input does by itself. Values are the same either way.
  bool channels_last = false;
};
// The stride does not follow the kernel here (PyTorch's functional default); nn::MaxPool2d's does.
struct Pool2dGeometry {
  Size2 kernel = 2;
  Size2 stride = 2;
  Size2 padding = 0;  // at most half the kernel
};

}  // namespace nabla

namespace nabla::kernels {

using nabla::Conv2dGeometry;
using nabla::Pool2dGeometry;

enum class Unary { neg, exp, log, sqrt, abs, sign, relu, sigmoid, tanh, softplus, sin, cos };
enum class Binary { add, sub, mul, div, pow, minimum, maximum, eq, ne, lt, le, gt, ge, zero_where_nonpositive, add_relu };
enum class Reduce { sum, mean, max, min };

// Integer (int64) tensors take the ops that stay integer in PyTorch: neg, abs, sign; add, sub, mul (wrapping
// around on overflow as PyTorch's), minimum, maximum, the comparisons and where. The rest throw naming the op.

// out = op(x), elementwise.
[[nodiscard]] Tensor unary(Unary op, const Tensor& x);
// out = op(a, b) with NumPy broadcasting; comparisons give 1 or 0 in the operands' dtype.
// zero_where_nonpositive: a, except 0 where b <= 0 (ReLU's backward in one pass, as PyTorch's
// threshold_backward: a NaN in b lets a through, a NaN in a stays out where b <= 0). add_relu: max(0, a + b)
// in one pass, a NaN sum kept as ReLU keeps it.
[[nodiscard]] Tensor binary(Binary op, const Tensor& a, const Tensor& b);
// out = cond != 0 ? a : b, broadcast over all three.
[[nodiscard]] Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);
// out = min(max(x, lo), hi)
[[nodiscard]] Tensor clamp(const Tensor& x, double lo, double hi);

// Reduces over `dims` (all when empty); keepdim leaves them as size 1. Over no elements a sum is 0,
// a mean NaN (as in PyTorch), and max or min throw.
[[nodiscard]] Tensor reduce(Reduce op, const Tensor& x, std::span<const int64_t> dims, bool keepdim);
// Index of the largest element along dim, as int64 (first one on ties).
[[nodiscard]] Tensor argmax(const Tensor& x, int64_t dim, bool keepdim);
// Softmax (or log-softmax) along dim, computed stably by subtracting the max.
[[nodiscard]] Tensor softmax(const Tensor& x, int64_t dim, bool log);
// out[i][j] = x[index[i][j]][j] for dim 0 (and so on for other dims): out has index's shape. index is
// int64 with x's rank, no larger than x outside dim, and its values lie in [0, x.size(dim)).
[[nodiscard]] Tensor gather(const Tensor& x, int64_t dim, const Tensor& index);
// The adjoint of gather: zeros of `shape`, then out[index[i][j]][j] += src[i][j] for dim 0 (and so on);
// src has index's shape.
[[nodiscard]] Tensor scatter_add(const Tensor& src, int64_t dim, const Tensor& index, const Shape& shape);
// labels: int64 [N] with values in [0, classes) -> [N, classes] of dtype with a 1 at each label.
[[nodiscard]] Tensor one_hot(const Tensor& labels, int64_t classes, DType dtype);

// out: (..., M, N) = op(a) (..., M, K) @ op(b) (..., K, N), op = transpose of the last two dims when
// the flag is set; batch dims broadcast. 1-D operands are treated as a row (a) or column (b) vector.
[[nodiscard]] Tensor matmul(const Tensor& a, const Tensor& b, bool transpose_a = false, bool transpose_b = false);

// x: (N, C, H, W), w: (O, C, KH, KW), bias: (O) or undefined -> (N, O, OH, OW)
[[nodiscard]] Tensor conv2d(const Tensor& x, const Tensor& w, const Tensor& bias, const Conv2dGeometry& g);
// grad_out: (N, O, OH, OW) -> grad of x: input_shape
[[nodiscard]] Tensor conv2d_backward_input(const Tensor& grad_out, const Tensor& w, const Shape& input_shape,
                                           const Conv2dGeometry& g);
// grad_out: (N, O, OH, OW), x: (N, C, H, W) -> grad of w: weight_shape
[[nodiscard]] Tensor conv2d_backward_weight(const Tensor& grad_out, const Tensor& x, const Shape& weight_shape,
                                            const Conv2dGeometry& g);
// Both: {conv2d_backward_input(grad_out, w, x.shape()), conv2d_backward_weight(grad_out, x, w.shape())},
// sharing the work the two have in common.
[[nodiscard]] std::pair<Tensor, Tensor> conv2d_backward(const Tensor& grad_out, const Tensor& x, const Tensor& w,
                                                        const Conv2dGeometry& g);

// x: (N, C, H, W) -> {out (N, C, OH, OW), argmax index within each H*W plane, int64}
[[nodiscard]] std::pair<Tensor, Tensor> max_pool2d(const Tensor& x, const Pool2dGeometry& g);
[[nodiscard]] Tensor max_pool2d_backward(const Tensor& grad_out, const Tensor& indices, const Shape& input_shape);
// out[n, c, i] = x[n, c, indices[n, c, i]] over each plane: the adjoint of max_pool2d_backward.
[[nodiscard]] Tensor max_pool2d_gather(const Tensor& x, const Tensor& indices);
// Average over the window; padding counts as zeros in the divisor (PyTorch's count_include_pad=True).
[[nodiscard]] Tensor avg_pool2d(const Tensor& x, const Pool2dGeometry& g);
[[nodiscard]] Tensor avg_pool2d_backward(const Tensor& grad_out, const Shape& input_shape, const Pool2dGeometry& g);

// Batch normalisation over x (N, C, …), per channel over N and the trailing dimensions.
// -> {mean (C), biased variance (C)}
[[nodiscard]] std::pair<Tensor, Tensor> batch_norm_stats(const Tensor& x);
// x (N, C, …), scale (C), shift (C) -> x·scale[c] + shift[c], then max(0, ·) when relu
[[nodiscard]] Tensor channel_affine(const Tensor& x, const Tensor& scale, const Tensor& shift, bool relu = false);
struct BatchNormGrads {
  Tensor dx;       // like x
  Tensor dweight;  // (C): Σ g·x̂
  Tensor dbias;    // (C): Σ g
};
// The gradient of y = (x − mean)·inv_std·weight + bias (weight undefined: 1) where mean and inv_std are x's
// own batch statistics, so dx carries their dependence on x too. With relu_scale and relu_shift (C), the
// gradient of max(0, y) where y = channel_affine(x, relu_scale, relu_shift): grad_out counts only where
// that y > 0, the mask recomputed from x rather than read from a saved output.
[[nodiscard]] BatchNormGrads batch_norm_backward(const Tensor& grad_out, const Tensor& x, const Tensor& mean,
                                                 const Tensor& inv_std, const Tensor& weight,
                                                 const Tensor& relu_scale = {}, const Tensor& relu_shift = {});

}  // namespace nabla::kernels
