// Channels-last tensors (memory_format.h): views of an (N, H, W, C) buffer as (N, C, H, W).
#include <nabla/tensor/memory_format.h>

#include <stdexcept>

namespace nabla {
namespace {

Shape channels_last_strides(const Shape& s) { return {s[1] * s[2] * s[3], 1, s[3] * s[1], s[1]}; }

}  // namespace

bool is_channels_last(const Tensor& t) {
  if (t.dim() != 4 || t.is_contiguous()) return false;
  const Shape want = channels_last_strides(t.shape());
  for (std::size_t d = 0; d < 4; ++d)
    if (t.shape()[d] != 1 && t.strides()[d] != want[d]) return false;
  return true;
}

bool has_channels_innermost(const Tensor& t) {
  if (t.dim() != 4 || t.size(1) < 2 || t.strides()[1] != 1) return false;
  for (int64_t d : {0, 2, 3})
    if (t.size(d) != 1 && t.strides()[d] < t.size(1)) return false;
  return true;
}

Tensor empty_channels_last(const Shape& shape, DType dtype) {
  if (shape.size() != 4)
    throw std::invalid_argument("empty_channels_last: shape " + shape_str(shape) + " must be (N, C, H, W)");
  const Tensor nhwc = Tensor::empty(in_nhwc_order(shape), dtype);
  return nhwc.as_strided(shape, channels_last_strides(shape), 0);
}

Tensor to_channels_last(const Tensor& x) {
  if (x.dim() != 4)
    throw std::invalid_argument("to_channels_last: input " + shape_str(x.shape()) + " must be (N, C, H, W)");
  // One channel or 1×1 planes: the contiguous buffer is the channels-last one already.
  const bool both = x.is_contiguous() && (x.size(1) == 1 || x.size(2) * x.size(3) == 1);
  if (is_channels_last(x) || both) return x.detach();
  Tensor out = empty_channels_last(x.shape(), x.dtype());
  out.copy_(x);
  return out;
}

Shape in_nhwc_order(const Shape& nchw) { return {nchw[0], nchw[2], nchw[3], nchw[1]}; }

Tensor empty_like_layout(const Tensor& x) {
  return is_channels_last(x) ? empty_channels_last(x.shape(), x.dtype()) : Tensor::empty(x.shape(), x.dtype());
}

}  // namespace nabla
