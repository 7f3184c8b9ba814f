// Reductions with their gradient rules: sum, mean, max and min, logsumexp, var and std.
#include <algorithm>
#include <limits>
#include <stdexcept>

#include <nabla/autograd/ops.h>

#include "record.h"

namespace nabla {
namespace {

using kernels::Reduce;

// x's shape with the reduced dims set to 1 (all dims when `dims` is empty).
Shape keepdim_shape(const Shape& s, const std::vector<int64_t>& dims) {
  Shape k = s;
  if (dims.empty()) std::fill(k.begin(), k.end(), 1);
  for (int64_t d : dims) k[normalize_dim(d, static_cast<int64_t>(s.size()), "reduce")] = 1;
  return k;
}

// How many elements each output of a reduction over dims sums up.
int64_t reduced_count(const Shape& s, const std::vector<int64_t>& dims) {
  if (dims.empty()) return shape_numel(s);
  int64_t n = 1;
  for (int64_t d : dims) n *= s[normalize_dim(d, static_cast<int64_t>(s.size()), "reduce")];
  return n;
}

// The largest or smallest value over dims (all when empty). Where several elements tie for it, they
// share the gradient evenly, as in torch.amax/amin and the full torch.max(x)/min(x).
Tensor extreme(Reduce op, const char* name, const Tensor& x, const std::vector<int64_t>& dims, bool keepdim) {
  Tensor out = kernels::reduce(op, x, dims, keepdim);
  const Shape kept = keepdim_shape(x.shape(), dims);
  return record(name, {x}, out, [x, dims, kept, y = out.detach()](const Tensor& g) {
    const Tensor mask = eq(x, y.as_strided(kept, contiguous_strides(kept), y.offset()));
    const Tensor count = kernels::reduce(Reduce::sum, mask, dims, true);
    return std::vector<Tensor>{mul(reshape(g, kept), div(mask, count))};
  });
}

// √v for std: its gradient g/(2√v) is set to 0 where v = 0, as PyTorch's std backward does, instead of
// ∞·0 = NaN (a constant slice has std 0 and gradient 0).
Tensor std_from_var(const Tensor& v) {
  Tensor out = kernels::unary(kernels::Unary::sqrt, v);
  return record("std", {v}, out, [v, y = out.detach()](const Tensor& g) {
    const Tensor s = building_graph() ? std_from_var(v) : y;
    const Tensor zero = scalar_like(0, g);
    return std::vector<Tensor>{where(eq(s, zero), zero, div(g, mul(scalar_like(2, s), s)))};
  });
}

}  // namespace

Tensor sum(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim) {
  return record("sum", {x}, kernels::reduce(Reduce::sum, x, dims, keepdim), [x, dims](const Tensor& g) {
    return std::vector<Tensor>{expand(reshape(g, keepdim_shape(x.shape(), dims)), x.shape())};
  });
}

Tensor mean(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim) {
  return record("mean", {x}, kernels::reduce(Reduce::mean, x, dims, keepdim), [x, dims](const Tensor& g) {
    const double n = static_cast<double>(reduced_count(x.shape(), dims));
    return std::vector<Tensor>{expand(div(reshape(g, keepdim_shape(x.shape(), dims)), scalar_like(n, g)), x.shape())};
  });
}

Tensor max(const Tensor& x, int64_t dim, bool keepdim) { return extreme(Reduce::max, "max", x, {dim}, keepdim); }
Tensor min(const Tensor& x, int64_t dim, bool keepdim) { return extreme(Reduce::min, "min", x, {dim}, keepdim); }
Tensor max(const Tensor& x) { return extreme(Reduce::max, "max", x, {}, false); }
Tensor min(const Tensor& x) { return extreme(Reduce::min, "min", x, {}, false); }

Tensor argmax(const Tensor& x, int64_t dim, bool keepdim) { return kernels::argmax(x, dim, keepdim); }

// log Σ e^x = m + log Σ e^(x − m), with m the max over dims held constant: no overflow, and the gradient
// e^(x − m)/Σ e^(x − m) = softmax comes from the ops. As PyTorch's, m is taken as 0 where it is ±∞ (a
// slice of −∞ gives −∞, not NaN) and for an empty slice (whose logsumexp is log 0 = −∞).
Tensor logsumexp(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim) {
  const Shape kept = keepdim_shape(x.shape(), dims);
  Tensor shift = Tensor::zeros(kept, x.dtype());
  if (x.numel() > 0) {
    const Tensor m = kernels::reduce(Reduce::max, x, dims, true);
    const Tensor inf = Tensor::scalar(std::numeric_limits<double>::infinity(), x.dtype());
    shift = kernels::where(kernels::binary(kernels::Binary::eq, kernels::unary(kernels::Unary::abs, m), inf),
                           Tensor::zeros({}, x.dtype()), m);
  }
  const Tensor total = log(sum(exp(sub(x, shift)), dims, keepdim));
  return add(total, reshape(shift, total.shape()));
}

// Σ(x − x̄)² / max(n − correction, 0); a divisor of 0 gives ∞ or NaN, as in PyTorch.
Tensor var(const Tensor& x, const std::vector<int64_t>& dims, int64_t correction, bool keepdim) {
  const int64_t n = reduced_count(x.shape(), dims);
  const Tensor centred = sub(x, mean(x, dims, true));
  const double divisor = static_cast<double>(std::max<int64_t>(n - correction, 0));
  return div(sum(mul(centred, centred), dims, keepdim), scalar_like(divisor, x));
}

Tensor std(const Tensor& x, const std::vector<int64_t>& dims, int64_t correction, bool keepdim) {
  return std_from_var(var(x, dims, correction, keepdim));
}

Tensor sum_to(const Tensor& x, const Shape& shape) {
  if (x.shape() == shape) return x;
  const int64_t lead = x.dim() - static_cast<int64_t>(shape.size());
  if (lead < 0) throw std::invalid_argument("sum_to: " + x.describe() + " has fewer dims than " + shape_str(shape));
  std::vector<int64_t> dims;
  for (int64_t d = 0; d < x.dim(); ++d) {
    if (d < lead) {
      dims.push_back(d);
    } else if (shape[d - lead] == 1 && x.shape()[d] != 1) {
      dims.push_back(d);
    } else if (shape[d - lead] != x.shape()[d]) {
      throw std::invalid_argument("sum_to: " + x.describe() + " cannot be summed to " + shape_str(shape));
    }
  }
  return reshape(sum(x, dims, true), shape);
}

}  // namespace nabla
