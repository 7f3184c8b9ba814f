// Channels-last memory: a (N, C, H, W) tensor whose values lie in memory as (N, H, W, C), PyTorch's
// torch.channels_last. Its shape, indexing and values are those of any (N, C, H, W) tensor; only the strides
// differ, so every op reads it correctly as a strided view. oneDNN's convolutions and nabla's batch norm
// read and write it directly, which saves the layout reorders a plain NCHW tensor costs each convolution.
#pragma once

#include <nabla/tensor/tensor.h>

namespace nabla {

// True for a 4-D tensor with channels-last strides (HWC, 1, WC, C) that is not also plain contiguous: a
// tensor with one channel, or 1×1 planes, is both, and counts as plain.
[[nodiscard]] bool is_channels_last(const Tensor& t);

// True for a 4-D tensor with more than one channel whose channels lie next to each other in memory and its
// pixels further apart: a channels-last tensor or a view of one (a slice of its channels, a strided subsample
// of its pixels). Ops that assemble a new tensor from such views write it channels-last.
[[nodiscard]] bool has_channels_innermost(const Tensor& t);

// An uninitialised (N, C, H, W) tensor stored channels-last.
[[nodiscard]] Tensor empty_channels_last(const Shape& shape, DType dtype = DType::f32);

// x's values stored channels-last: x itself (a new handle, no autograd) when its buffer already is (also a
// contiguous x with one channel or 1×1 planes), else a copy. Requires a 4-D x.
[[nodiscard]] Tensor to_channels_last(const Tensor& x);

// (N, C, H, W) sizes or strides in the memory order of channels-last, (N, H, W, C): strided loops over a
// channels-last output walk its buffer contiguously with every operand's dims so ordered.
[[nodiscard]] Shape in_nhwc_order(const Shape& nchw);

// An uninitialised tensor of x's shape and dtype laid out as x: channels-last when x is, else contiguous.
[[nodiscard]] Tensor empty_like_layout(const Tensor& x);

}  // namespace nabla
