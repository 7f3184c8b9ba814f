// Differentiable ops on tensors. Each records a GradNode when grad mode is on and an input requires
// grad; its gradient rule sits beside its forward code in src/autograd/ops_*.cpp.
#pragma once
#include <cstdint>
#include <vector>

#include <nabla/tensor/kernels.h>
#include <nabla/tensor/tensor.h>

namespace nabla {

// Integer (int64) tensors take neg, abs, add, sub, mul, minimum, maximum, the comparisons, where, sum,
// max, min, argmax, gather and the views, with int64 results as in PyTorch; mean gives float32 (see
// mean). Operands must share a dtype: nabla does not promote.

// Elementwise, with NumPy broadcasting for two operands.
[[nodiscard]] Tensor add(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor sub(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor mul(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor div(const Tensor& a, const Tensor& b);
// pow's gradients follow PyTorch where the formulas give 0·∞: d(a^b)/da = 0 where b = 0 (also for
// a double exponent 0), d(a^b)/db = 0 where a = 0 and b >= 0.
[[nodiscard]] Tensor pow(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor pow(const Tensor& a, double exponent);
// Elementwise min/max; where a == b the gradient is split evenly, as in PyTorch.
[[nodiscard]] Tensor minimum(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor maximum(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor neg(const Tensor& x);
[[nodiscard]] Tensor exp(const Tensor& x);
[[nodiscard]] Tensor log(const Tensor& x);
[[nodiscard]] Tensor sqrt(const Tensor& x);
[[nodiscard]] Tensor abs(const Tensor& x);
[[nodiscard]] Tensor sin(const Tensor& x);
[[nodiscard]] Tensor cos(const Tensor& x);
// Gradient passes where lo <= x <= hi.
[[nodiscard]] Tensor clamp(const Tensor& x, double lo, double hi);
// cond != 0 ? a : b; cond is not differentiated.
[[nodiscard]] Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);

// Activations. relu keeps a NaN and passes its gradient (PyTorch's threshold_backward: 0 only where x <= 0).
[[nodiscard]] Tensor relu(const Tensor& x);
// relu(add(a, b)) in one pass over the data (a residual block's sum and its ReLU), the same floats.
[[nodiscard]] Tensor add_relu(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor sigmoid(const Tensor& x);
[[nodiscard]] Tensor tanh(const Tensor& x);
[[nodiscard]] Tensor softplus(const Tensor& x);
[[nodiscard]] Tensor softmax(const Tensor& x, int64_t dim = -1);
[[nodiscard]] Tensor log_softmax(const Tensor& x, int64_t dim = -1);

// Comparisons: 1 or 0 in the operands' dtype (nabla's masks; PyTorch gives bool); not differentiable.
[[nodiscard]] Tensor eq(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor ne(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor lt(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor le(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor gt(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor ge(const Tensor& a, const Tensor& b);

// Reductions over dims (all when empty); keepdim leaves them as size 1. Over no elements a sum is 0
// and a mean NaN, as in PyTorch. The mean of an int64 tensor is float32 (PyTorch refuses it), so that
// accuracy is mean(eq(argmax(logits, 1), labels)).
[[nodiscard]] Tensor sum(const Tensor& x, const std::vector<int64_t>& dims = {}, bool keepdim = false);
[[nodiscard]] Tensor mean(const Tensor& x, const std::vector<int64_t>& dims = {}, bool keepdim = false);
// Largest (smallest) value along dim, or of all elements. Ties share the gradient evenly, as in
// torch.amax/amin and the full torch.max(x)/min(x); torch.max(x, dim) instead gives it all to the
// element whose index it returns.
[[nodiscard]] Tensor max(const Tensor& x, int64_t dim, bool keepdim = false);
[[nodiscard]] Tensor min(const Tensor& x, int64_t dim, bool keepdim = false);
[[nodiscard]] Tensor max(const Tensor& x);
[[nodiscard]] Tensor min(const Tensor& x);
// Index of the largest value along dim, int64 (the first on ties).
[[nodiscard]] Tensor argmax(const Tensor& x, int64_t dim, bool keepdim = false);
// log Σ exp(x) over dims, computed stably (torch.logsumexp): −∞ for an empty or all −∞ slice.
[[nodiscard]] Tensor logsumexp(const Tensor& x, const std::vector<int64_t>& dims = {}, bool keepdim = false);
// Variance Σ(x − x̄)²/(n − correction) over dims, n the elements per slice (torch.var): correction 1 is
// the unbiased estimate (PyTorch's default, unbiased = true), 0 the biased one (unbiased = false). A
// divisor n − correction <= 0 gives ∞ or NaN, as in PyTorch.
[[nodiscard]] Tensor var(const Tensor& x, const std::vector<int64_t>& dims = {}, int64_t correction = 1,
                         bool keepdim = false);
// √var (torch.std); its gradient is 0 where the result is 0, as in PyTorch.
[[nodiscard]] Tensor std(const Tensor& x, const std::vector<int64_t>& dims = {}, int64_t correction = 1,
                         bool keepdim = false);
// Sums x down to `shape` (the reverse of broadcasting).
[[nodiscard]] Tensor sum_to(const Tensor& x, const Shape& shape);

// Views and shapes. reshape accepts one -1 and copies only when the layout requires it.
[[nodiscard]] Tensor reshape(const Tensor& x, const Shape& shape);
[[nodiscard]] Tensor flatten(const Tensor& x, int64_t start_dim = 1);
[[nodiscard]] Tensor transpose(const Tensor& x, int64_t dim0, int64_t dim1);
[[nodiscard]] Tensor permute(const Tensor& x, const std::vector<int64_t>& dims);
// Elements start, start+step, … below end along dim (negative start/end count from the end).
[[nodiscard]] Tensor slice(const Tensor& x, int64_t dim, int64_t start, int64_t end, int64_t step = 1);
// Broadcasts size-1 dims (and new leading dims) to shape without copying.
[[nodiscard]] Tensor expand(const Tensor& x, const Shape& shape);
[[nodiscard]] Tensor unsqueeze(const Tensor& x, int64_t dim);
// Concatenation along dim.
[[nodiscard]] Tensor cat(const std::vector<Tensor>& xs, int64_t dim = 0);

// Indexing along dim (torch.gather, torch.index_select); index is int64 and its values lie in
// [0, x.size(dim)). The gradients add into x's shape (scatter-add), so repeated indices accumulate.
// gather: out[i][j] = x[index[i][j]][j] for dim 0 (and so on), out of index's shape; index has x's rank
// and is no larger than x outside dim.
[[nodiscard]] Tensor gather(const Tensor& x, int64_t dim, const Tensor& index);
// index_select: x's slices along dim at the positions of a 1-D (or 0-d) index, in its order.
[[nodiscard]] Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index);

// Linear algebra and convolutions (see tensor/kernels.h for shapes).
[[nodiscard]] Tensor matmul(const Tensor& a, const Tensor& b);
// x (…, in) @ wᵀ (in, out) + bias (out) or no bias, like torch.nn.functional.linear; w is (out, in).
[[nodiscard]] Tensor linear(const Tensor& x, const Tensor& w, const Tensor& bias = Tensor());
// groups > 1: x's C channels and w's O outputs split into groups convolved separately, w (O, C/groups,
// KH, KW), as PyTorch's groups (groups = C is depthwise).
[[nodiscard]] Tensor conv2d(const Tensor& x, const Tensor& w, const Tensor& bias,
                            const kernels::Conv2dGeometry& g = {}, int64_t groups = 1);
[[nodiscard]] Tensor max_pool2d(const Tensor& x, const kernels::Pool2dGeometry& g = {});
// max_pool2d(relu(x)) as one op, computed as relu(max_pool2d(x)): the same values and gradients (ReLU is
// monotone and keeps NaN), but ReLU and its backward run on the pooled tensor, not on x.
[[nodiscard]] Tensor relu_max_pool2d(const Tensor& x, const kernels::Pool2dGeometry& g = {});
[[nodiscard]] Tensor avg_pool2d(const Tensor& x, const kernels::Pool2dGeometry& g = {});

// Batch normalisation of x (N, C, …) with its own statistics per channel over every other dimension:
// y = (x − mean)/√(var + eps)·weight + bias, weight and bias (C) or undefined. The batch mean and biased
// variance (C, no graph) come back beside y for the running estimates. With relu, y is max(0, ·) of that,
// in the same op: no pass over the activations for the ReLU either way, nor its output kept for backward.
struct BatchNormResult {
  Tensor y, mean, var;
};
[[nodiscard]] BatchNormResult batch_norm_train(const Tensor& x, const Tensor& weight, const Tensor& bias, double eps,
                                               bool relu = false);

// Operators: tensors with tensors, and with scalars of the tensor's dtype.
[[nodiscard]] Tensor operator+(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor operator-(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor operator*(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor operator/(const Tensor& a, const Tensor& b);
[[nodiscard]] Tensor operator-(const Tensor& x);
[[nodiscard]] Tensor operator+(const Tensor& a, double b);
[[nodiscard]] Tensor operator-(const Tensor& a, double b);
[[nodiscard]] Tensor operator*(const Tensor& a, double b);
[[nodiscard]] Tensor operator/(const Tensor& a, double b);
[[nodiscard]] Tensor operator+(double a, const Tensor& b);
[[nodiscard]] Tensor operator-(double a, const Tensor& b);
[[nodiscard]] Tensor operator*(double a, const Tensor& b);
[[nodiscard]] Tensor operator/(double a, const Tensor& b);

}  // namespace nabla
