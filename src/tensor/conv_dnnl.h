// float32 2-D convolutions through oneDNN's convolution primitives, on nabla's plain NCHW / OIHW buffers.
#pragma once
#include <nabla/tensor/kernels.h>

namespace nabla::kernels {

// Each runs one float32 convolution through oneDNN and returns true, or writes nothing and returns false
// when oneDNN has no primitive for these shapes and geometry (the caller then uses im2col). Requires:
// buffers contiguous in their layout: activations (x, out and their gradients) NCHW, or NHWC when
// channels_last; weights OIHW; shapes already checked by the caller; not called inside an OpenMP parallel
// region.
// Ensures: bit-identical results for the same inputs and the same nabla::num_threads().

// x: x_shape (N, C, H, W), w: w_shape (O, C, KH, KW), bias: (O) or nullptr -> out: (N, O, OH, OW)
[[nodiscard]] bool dnnl_conv2d(const Shape& x_shape, const Shape& w_shape, const Conv2dGeometry& g,
                               bool channels_last, const float* x, const float* w, const float* bias, float* out);
// grad_out: (N, O, OH, OW), w: w_shape -> dx: x_shape
[[nodiscard]] bool dnnl_conv2d_backward_input(const Shape& x_shape, const Shape& w_shape, const Conv2dGeometry& g,
                                              bool channels_last, const float* grad_out, const float* w, float* dx);
// grad_out: (N, O, OH, OW), x: x_shape -> dw: w_shape (no bias gradient: nabla sums grad_out for it)
[[nodiscard]] bool dnnl_conv2d_backward_weight(const Shape& x_shape, const Shape& w_shape, const Conv2dGeometry& g,
                                               bool channels_last, const float* grad_out, const float* x, float* dw);

// Both gradients at once, grad_out reordered once for the two primitives: what the two calls above give.
[[nodiscard]] bool dnnl_conv2d_backward(const Shape& x_shape, const Shape& w_shape, const Conv2dGeometry& g,
                                        bool channels_last, const float* grad_out, const float* x, const float* w,
                                        float* dx, float* dw);

}  // namespace nabla::kernels
