// Views and shape ops with their gradient rules. Views share storage with their input.
#include <algorithm>
#include <stdexcept>

#include <nabla/autograd/ops.h>
#include <nabla/tensor/memory_format.h>

#include "record.h"

namespace nabla {
namespace {

// The inverse of the embedding of a slice: a zero tensor of `full` with g written at the slice.
Tensor embed_slice(const Tensor& g, const Shape& full, int64_t dim, int64_t start, int64_t step) {
  // Channels-last when g is (a view of) channels-last memory, so that its sum with the other gradients of x
  // stays in one layout.
  Tensor out = has_channels_innermost(g) ? empty_channels_last(full, g.dtype()) : Tensor::empty(full, g.dtype());
  out.fill_(0);
  Shape st = out.strides();
  const int64_t offset = start * st[dim];
  st[dim] *= step;
  out.as_strided(g.shape(), st, offset).copy_(g);
  const int64_t end = start + g.shape()[dim] * step;
  return record("slice_backward", {g}, out,
                [dim, start, end, step](const Tensor& gg) { return std::vector<Tensor>{slice(gg, dim, start, end, step)}; });
}

}  // namespace

Tensor reshape(const Tensor& x, const Shape& shape_in) {
  Shape shape = shape_in;
  int64_t known = 1, infer = -1;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      if (infer >= 0) throw std::invalid_argument("reshape: more than one -1 in " + shape_str(shape_in));
      infer = static_cast<int64_t>(i);
    } else {
      known *= shape[i];
    }
  }
  if (infer >= 0 && known != 0 && x.numel() % known == 0) shape[infer] = x.numel() / known;
  if (shape_numel(shape) != x.numel() || (infer >= 0 && known == 0))
    throw std::invalid_argument("reshape: " + x.describe() + " (" + std::to_string(x.numel()) +
                                " elements) into " + shape_str(shape_in));
  if (shape == x.shape()) return x;
  const Tensor base = x.contiguous();
  const Tensor out = base.as_strided(shape, contiguous_strides(shape), base.offset());
  return record("reshape", {x}, out, [x](const Tensor& g) { return std::vector<Tensor>{reshape(g, x.shape())}; });
}

Tensor flatten(const Tensor& x, int64_t start_dim) {
  const int64_t s = normalize_dim(start_dim, x.dim(), "flatten");
  Shape shape(x.shape().begin(), x.shape().begin() + s);
  shape.push_back(-1);
  return reshape(x, shape);
}

Tensor permute(const Tensor& x, const std::vector<int64_t>& dims) {
  if (static_cast<int64_t>(dims.size()) != x.dim())
    throw std::invalid_argument("permute: " + std::to_string(dims.size()) + " dims for " + x.describe());
  Shape shape(dims.size()), strides(dims.size());
  std::vector<int64_t> inverse(dims.size(), -1);
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const int64_t d = normalize_dim(dims[i], x.dim(), "permute");
    if (inverse[d] >= 0) throw std::invalid_argument("permute: dimension " + std::to_string(d) + " repeated");
    inverse[d] = static_cast<int64_t>(i);
    shape[i] = x.shape()[d];
    strides[i] = x.strides()[d];
  }
  return record("permute", {x}, x.as_strided(shape, strides, x.offset()),
                [inverse](const Tensor& g) { return std::vector<Tensor>{permute(g, inverse)}; });
}

Tensor transpose(const Tensor& x, int64_t dim0, int64_t dim1) {
  std::vector<int64_t> dims(x.dim());
  for (int64_t i = 0; i < x.dim(); ++i) dims[i] = i;
  std::swap(dims[normalize_dim(dim0, x.dim(), "transpose")], dims[normalize_dim(dim1, x.dim(), "transpose")]);
  return permute(x, dims);
}

Tensor slice(const Tensor& x, int64_t dim_in, int64_t start, int64_t end, int64_t step) {
  const int64_t dim = normalize_dim(dim_in, x.dim(), "slice");
  const int64_t n = x.shape()[dim];
  if (step < 1) throw std::invalid_argument("slice: step " + std::to_string(step) + " must be >= 1");
  if (start < 0) start += n;
  if (end < 0) end += n;
  start = std::clamp<int64_t>(start, 0, n);
  end = std::clamp<int64_t>(end, start, n);
  Shape shape = x.shape(), strides = x.strides();
  shape[dim] = (end - start + step - 1) / step;
  strides[dim] *= step;
  const Tensor out = x.as_strided(shape, strides, x.offset() + start * x.strides()[dim]);
  return record("slice", {x}, out, [full = x.shape(), dim, start, step](const Tensor& g) {
    return std::vector<Tensor>{embed_slice(g, full, dim, start, step)};
  });
}

Tensor expand(const Tensor& x, const Shape& shape) {
  if (x.shape() == shape) return x;
  const int64_t lead = static_cast<int64_t>(shape.size()) - x.dim();
  if (lead < 0) throw std::invalid_argument("expand: " + x.describe() + " to fewer dims " + shape_str(shape));
  Shape strides(shape.size(), 0);
  for (int64_t d = 0; d < x.dim(); ++d) {
    const int64_t have = x.shape()[d], want = shape[lead + d];
    if (have == want)
      strides[lead + d] = x.strides()[d];
    else if (have != 1)
      throw std::invalid_argument("expand: " + x.describe() + " to " + shape_str(shape) + ": dimension " +
                                  std::to_string(d) + " is " + std::to_string(have) + ", not 1");
  }
  return record("expand", {x}, x.as_strided(shape, strides, x.offset()),
                [x](const Tensor& g) { return std::vector<Tensor>{sum_to(g, x.shape())}; });
}

Tensor unsqueeze(const Tensor& x, int64_t dim) {
  const int64_t d = normalize_dim(dim, x.dim() + 1, "unsqueeze");
  Shape shape = x.shape();
  shape.insert(shape.begin() + d, 1);
  return reshape(x, shape);
}

Tensor cat(const std::vector<Tensor>& xs, int64_t dim_in) {
  if (xs.empty()) throw std::invalid_argument("cat: no tensors");
  const int64_t dim = normalize_dim(dim_in, xs[0].dim(), "cat");
  Shape shape = xs[0].shape();
  shape[dim] = 0;
  for (const Tensor& t : xs) {
    Shape s = t.shape();
    if (t.dim() != xs[0].dim() || t.dtype() != xs[0].dtype())
      throw std::invalid_argument("cat: " + t.describe() + " does not match " + xs[0].describe());
    s[dim] = 0;
    Shape expect = shape;
    expect[dim] = 0;
    if (s != expect) throw std::invalid_argument("cat: " + t.describe() + " does not match " + xs[0].describe() +
                                                 " outside dimension " + std::to_string(dim));
    shape[dim] += t.shape()[dim];
  }
  // Along the channels of views of channels-last tensors (a residual shortcut's subsampled input and its
  // zero channels), the result is channels-last too.
  const bool channels_last = dim == 1 && std::any_of(xs.begin(), xs.end(), has_channels_innermost);
  Tensor out = channels_last ? empty_channels_last(shape, xs[0].dtype()) : Tensor::empty(shape, xs[0].dtype());
  std::vector<int64_t> starts;
  int64_t at = 0;
  for (const Tensor& t : xs) {
    starts.push_back(at);
    Shape s = shape;
    s[dim] = t.shape()[dim];
    out.as_strided(s, out.strides(), at * out.strides()[dim]).copy_(t);
    at += t.shape()[dim];
  }
  return record("cat", xs, out, [xs, starts, dim](const Tensor& g) {
    std::vector<Tensor> grads;
    for (std::size_t i = 0; i < xs.size(); ++i)
      grads.push_back(slice(g, dim, starts[i], starts[i] + xs[i].shape()[dim]));
    return grads;
  });
}

}  // namespace nabla
