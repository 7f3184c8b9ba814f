// 2-D convolution: float32 with many input channels through oneDNN (conv_dnnl.h), the rest by im2col + GEMM,
// one sample per thread: each thread unfolds its sample into columns and multiplies with a single-threaded
// GEMM, so the cores never wait on each other.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include <nabla/tensor/kernels.h>
#include <nabla/tensor/memory_format.h>

#include "blas.h"
#include "conv_dnnl.h"
#include "dispatch.h"
#include "parallel.h"

namespace nabla::kernels {
namespace {

struct ConvShape {
  int64_t n, c, h, w, o, kh, kw, oh, ow;
  [[nodiscard]] int64_t rows() const { return c * kh * kw; }  // of the column matrix
  [[nodiscard]] int64_t cols() const { return oh * ow; }
};

ConvShape conv_shape(const Shape& x, const Shape& w, const Conv2dGeometry& g, const char* op) {
  if (x.size() != 4 || w.size() != 4)
    throw std::invalid_argument(std::string(op) + ": input " + shape_str(x) + " and weight " + shape_str(w) +
                                " must both be 4-D (N, C, H, W) and (O, C, KH, KW)");
  if (x[1] != w[1])
    throw std::invalid_argument(std::string(op) + ": input " + shape_str(x) + " has " + std::to_string(x[1]) +
                                " channels but weight " + shape_str(w) + " expects " + std::to_string(w[1]));
  if (g.stride.h < 1 || g.stride.w < 1 || g.padding.h < 0 || g.padding.w < 0 || g.dilation.h < 1 ||
      g.dilation.w < 1)
    throw std::invalid_argument(std::string(op) + ": strides and dilations must be >= 1 and padding >= 0");
  ConvShape s{x[0], x[1], x[2], x[3], w[0], w[2], w[3], 0, 0};
  const int64_t span_h = g.dilation.h * (s.kh - 1) + 1, span_w = g.dilation.w * (s.kw - 1) + 1;
  if (s.h + 2 * g.padding.h < span_h || s.w + 2 * g.padding.w < span_w)
    throw std::invalid_argument(std::string(op) + ": kernel " + shape_str(w) + " (dilation " +
                                std::to_string(g.dilation.h) + ", " + std::to_string(g.dilation.w) +
                                ") larger than padded input " + shape_str(x));
  s.oh = (s.h + 2 * g.padding.h - span_h) / g.stride.h + 1;
  s.ow = (s.w + 2 * g.padding.w - span_w) / g.stride.w + 1;
  return s;
}

// Output columns x in [lo, hi) read input column x*stride - pad + kj inside [0, w): the rest is padding.
// kj here is the tap's offset, its index times the dilation.
struct ValidRange {
  int64_t lo, hi;
};
ValidRange valid_columns(const ConvShape& s, const Conv2dGeometry& g, int64_t kj) {
  // x*stride - pad + kj >= 0  <=>  x >= ceil((pad - kj) / stride);  x*stride - pad + kj < w likewise.
  const int64_t lo = std::max<int64_t>(0, (g.padding.w - kj + g.stride.w - 1) / g.stride.w);
  const int64_t hi = std::clamp<int64_t>((s.w + g.padding.w - kj + g.stride.w - 1) / g.stride.w, lo, s.ow);
  return {std::min(lo, s.ow), hi};
}

// col: (C*KH*KW, OH*OW) <- image (C, H, W)
template <class T>
void im2col(const T* img, const ConvShape& s, const Conv2dGeometry& g, T* col) {
  for (int64_t c = 0; c < s.c; ++c)
    for (int64_t ki = 0; ki < s.kh; ++ki)
      for (int64_t kj = 0; kj < s.kw; ++kj) {
        T* row = col + ((c * s.kh + ki) * s.kw + kj) * s.cols();
        const ValidRange v = valid_columns(s, g, kj * g.dilation.w);
        for (int64_t y = 0; y < s.oh; ++y) {
          const int64_t iy = y * g.stride.h - g.padding.h + ki * g.dilation.h;
          T* dst = row + y * s.ow;
          if (iy < 0 || iy >= s.h) {
            std::fill(dst, dst + s.ow, T(0));
            continue;
          }
          // Input index of output column x: base + x*stride (an index, so no pointer leaves the array).
          const int64_t base = (c * s.h + iy) * s.w - g.padding.w + kj * g.dilation.w;
          std::fill(dst, dst + v.lo, T(0));
          if (g.stride.w == 1)
            std::copy(img + base + v.lo, img + base + v.hi, dst + v.lo);
          else
            for (int64_t x = v.lo; x < v.hi; ++x) dst[x] = img[base + x * g.stride.w];
          std::fill(dst + v.hi, dst + s.ow, T(0));
        }
      }
}

// image (C, H, W) += col2im(col); the adjoint of im2col.
template <class T>
void col2im(const T* col, const ConvShape& s, const Conv2dGeometry& g, T* img) {
  for (int64_t c = 0; c < s.c; ++c)
    for (int64_t ki = 0; ki < s.kh; ++ki)
      for (int64_t kj = 0; kj < s.kw; ++kj) {
        const T* row = col + ((c * s.kh + ki) * s.kw + kj) * s.cols();
        const ValidRange v = valid_columns(s, g, kj * g.dilation.w);
        for (int64_t y = 0; y < s.oh; ++y) {
          const int64_t iy = y * g.stride.h - g.padding.h + ki * g.dilation.h;
          if (iy < 0 || iy >= s.h) continue;
          const int64_t base = (c * s.h + iy) * s.w - g.padding.w + kj * g.dilation.w;
          const T* src = row + y * s.ow;
          if (g.stride.w == 1) {
#pragma omp simd
            for (int64_t x = v.lo; x < v.hi; ++x) img[base + x] += src[x];
          } else {
            for (int64_t x = v.lo; x < v.hi; ++x) img[base + x * g.stride.w] += src[x];
          }
        }
      }
}

// dW (O, CKK) += dout (O, P) @ colᵀ (P, CKK) for few columns (CKK = 9 for a first layer's single channel),
// a thin product the BLAS runs at about 20 GFLOP/s. Here each output channel's row of dout is read once
// against all CKK rows of col, with CKK vector accumulators held in registers (CKK is a template argument).
constexpr int64_t kFewColumns = 16;

template <class T, int64_t R>
void weight_grad_few_columns(const T* dout, const T* col, int64_t o_n, int64_t p_n, T* dw) {
  constexpr int64_t lanes = 64 / sizeof(T);
  for (int64_t o = 0; o < o_n; ++o) {
    const T* a = dout + o * p_n;
    T acc[R][lanes] = {};
    int64_t p = 0;
    for (; p + lanes <= p_n; p += lanes)
      for (int64_t r = 0; r < R; ++r)
#pragma omp simd
        for (int64_t l = 0; l < lanes; ++l) acc[r][l] += a[p + l] * col[r * p_n + p + l];
    for (int64_t r = 0; r < R; ++r) {
      T total = 0;
      for (int64_t l = 0; l < lanes; ++l) total += acc[r][l];
      for (int64_t q = p; q < p_n; ++q) total += a[q] * col[r * p_n + q];
      dw[o * R + r] += total;
    }
  }
}

// Runs weight_grad_few_columns for s.rows() <= kFewColumns; false (nothing done) for more columns.
template <class T>
bool weight_grad_small(const T* dout, const T* col, const ConvShape& s, T* dw) {
  return [&]<int64_t... R>(std::integer_sequence<int64_t, R...>) {
    return ((s.rows() == R + 1 && (weight_grad_few_columns<T, R + 1>(dout, col, s.o, s.cols(), dw), true)) || ...);
  }(std::make_integer_sequence<int64_t, kFewColumns>{});
}

// Samples per thread chunk: at least one, so small batches still spread over the threads.
constexpr int64_t kSampleGrain = 1;

// float32 goes to oneDNN's JIT convolutions (conv_dnnl.h) when the input has at least 16 channels. Its kernels
// work on blocks of 16 channels, in a layout the activations are reordered into and back, which pays only with
// enough arithmetic per element moved. Medians of bench/tensor_bench, batch 64, 3x3, padding 1, on a shared
// 2-core AVX-512 machine (load 1-2): the ConvNet's layer 2 (32 -> 64 channels, 14x14) forward 5.7 -> 3.2 ms at
// one thread and 4.5 -> 2.7 at two, both gradients 11.7 -> 6.7 and 9.7 -> 5.2; its layer 1 (1 -> 32 channels,
// 28x28) forward 0.55 ms on im2col against 0.95 on oneDNN, both gradients 1.3 against 5.0 (one thread). With 8
// or 12 input channels neither path won everywhere (forward up to 3x faster on oneDNN, backward input up to
// 1.6x slower); at 28x28 with 32-64 outputs even 16-32 channels were a toss-up (0.6-1.8x), left to oneDNN to
// keep one rule. float64 (the gradient checks), empty tensors (an empty batch's weight gradient is zero) and
// calls from inside a parallel region (where oneDNN would not get the threads its primitive was built for)
// stay on im2col, as do dilated kernels (rare enough that one path for them keeps the oneDNN glue simple).
constexpr int64_t kDnnlMinChannels = 16;

bool use_dnnl(const ConvShape& s, const Conv2dGeometry& g) {
  return s.c >= kDnnlMinChannels && s.n * s.h * s.w * s.o > 0 && !omp_in_parallel() && g.dilation == Size2(1);
}

// An activation as the oneDNN path reads it: a contiguous buffer of NHWC (channels-last) or NCHW.
Tensor in_layout(const Tensor& t, bool channels_last) { return channels_last ? to_channels_last(t) : t.contiguous(); }

}  // namespace

Tensor conv2d(const Tensor& x_in, const Tensor& w_in, const Tensor& bias, const Conv2dGeometry& g) {
  check_cpu(x_in.device(), "conv2d");
  check_same_dtype(x_in, w_in, "conv2d");
  const ConvShape s = conv_shape(x_in.shape(), w_in.shape(), g, "conv2d");
  if (bias.defined() && (bias.dim() != 1 || bias.shape()[0] != s.o))
    throw std::invalid_argument("conv2d: bias " + shape_str(bias.shape()) + " does not match " +
                                std::to_string(s.o) + " output channels");
  const Shape out_shape{s.n, s.o, s.oh, s.ow};
  const bool channels_last = g.channels_last || is_channels_last(x_in);
  if (x_in.dtype() == DType::f32 && use_dnnl(s, g)) {
    const Tensor x = in_layout(x_in, channels_last), w = w_in.contiguous();
    const Tensor b = bias.defined() ? bias.contiguous() : Tensor();
    Tensor out = channels_last ? empty_channels_last(out_shape) : Tensor::empty(out_shape);
    if (dnnl_conv2d(x.shape(), w.shape(), g, channels_last, x.data<float>(), w.data<float>(),
                    b.defined() ? b.data<float>() : nullptr, out.data<float>()))
      return out;
  }
  Tensor out = Tensor::empty(out_shape, x_in.dtype());
  visit_float(x_in, "conv2d", [&]<class T>() {
    const Tensor x = x_in.contiguous(), w = w_in.contiguous();
    const Tensor b = bias.defined() ? bias.contiguous() : Tensor();
    const T* px = x.data<T>();
    const T* pw = w.data<T>();
    T* po = out.data<T>();
    parallel_for(s.n, kSampleGrain, [&](int64_t lo, int64_t hi) {
      std::vector<T> col(s.rows() * s.cols());
      for (int64_t i = lo; i < hi; ++i) {
        T* o = po + i * s.o * s.cols();
        im2col(px + i * s.c * s.h * s.w, s, g, col.data());
        if (b.defined()) {
          const T* pb = b.data<T>();
          for (int64_t oc = 0; oc < s.o; ++oc) std::fill(o + oc * s.cols(), o + (oc + 1) * s.cols(), pb[oc]);
        }
        // out (O, P) = W (O, CKK) @ col (CKK, P) [+ bias already there]
        gemm_serial<T>(false, false, s.o, s.cols(), s.rows(), pw, s.rows(), col.data(), s.cols(), o, s.cols(),
                       b.defined() ? T(1) : T(0));
      }
    });
  });
  return channels_last ? to_channels_last(out) : out;
}

Tensor conv2d_backward_input(const Tensor& grad_out, const Tensor& w_in, const Shape& input_shape,
                             const Conv2dGeometry& g) {
  check_cpu(grad_out.device(), "conv2d_backward_input");
  const ConvShape s = conv_shape(input_shape, w_in.shape(), g, "conv2d_backward_input");
  const bool channels_last = g.channels_last || is_channels_last(grad_out);
  if (grad_out.dtype() == DType::f32 && use_dnnl(s, g)) {
    const Tensor go = in_layout(grad_out, channels_last), w = w_in.contiguous();
    Tensor dx = channels_last ? empty_channels_last(input_shape) : Tensor::empty(input_shape);
    if (dnnl_conv2d_backward_input(input_shape, w.shape(), g, channels_last, go.data<float>(), w.data<float>(),
                                   dx.data<float>()))
      return dx;
  }
  Tensor dx = Tensor::empty(input_shape, grad_out.dtype());
  visit_float(grad_out, "conv2d_backward_input", [&]<class T>() {
    const Tensor go = grad_out.contiguous(), w = w_in.contiguous();
    const T* pg = go.data<T>();
    const T* pw = w.data<T>();
    T* pdx = dx.data<T>();
    parallel_for(s.n, kSampleGrain, [&](int64_t lo, int64_t hi) {
      std::vector<T> col(s.rows() * s.cols());
      for (int64_t i = lo; i < hi; ++i) {
        // dcol (CKK, P) = Wᵀ (CKK, O) @ dout (O, P)
        gemm_serial<T>(true, false, s.rows(), s.cols(), s.o, pw, s.rows(), pg + i * s.o * s.cols(), s.cols(),
                       col.data(), s.cols());
        T* dxi = pdx + i * s.c * s.h * s.w;
        std::fill(dxi, dxi + s.c * s.h * s.w, T(0));  // col2im accumulates
        col2im(col.data(), s, g, dxi);
      }
    });
  });
  return channels_last ? to_channels_last(dx) : dx;
}

Tensor conv2d_backward_weight(const Tensor& grad_out, const Tensor& x_in, const Shape& weight_shape,
                              const Conv2dGeometry& g) {
  check_cpu(grad_out.device(), "conv2d_backward_weight");
  const ConvShape s = conv_shape(x_in.shape(), weight_shape, g, "conv2d_backward_weight");
  Tensor dw = Tensor::zeros(weight_shape, grad_out.dtype());
  if (grad_out.dtype() == DType::f32 && x_in.dtype() == DType::f32 && use_dnnl(s, g)) {
    const bool channels_last = g.channels_last || is_channels_last(x_in);
    const Tensor go = in_layout(grad_out, channels_last), x = in_layout(x_in, channels_last);
    if (dnnl_conv2d_backward_weight(x.shape(), weight_shape, g, channels_last, go.data<float>(), x.data<float>(),
                                    dw.data<float>()))
      return dw;
  }
  visit_float(grad_out, "conv2d_backward_weight", [&]<class T>() {
    const Tensor go = grad_out.contiguous(), x = x_in.contiguous();
    const T* pg = go.data<T>();
    const T* px = x.data<T>();
    const int64_t wsize = s.o * s.rows();
    // One partial dW per thread chunk, summed afterwards in chunk order: deterministic for a thread count.
    const int64_t chunks = std::min<int64_t>(s.n, omp_get_max_threads());
    std::vector<std::vector<T>> partial(chunks, std::vector<T>(wsize, T(0)));
    parallel_for(chunks, 1, [&](int64_t clo, int64_t chi) {
      std::vector<T> col(s.rows() * s.cols());
      for (int64_t ch = clo; ch < chi; ++ch) {
        const int64_t per = (s.n + chunks - 1) / chunks;
        for (int64_t i = ch * per; i < std::min(s.n, (ch + 1) * per); ++i) {
          im2col(px + i * s.c * s.h * s.w, s, g, col.data());
          // dW (O, CKK) += dout (O, P) @ colᵀ (P, CKK)
          if (!weight_grad_small(pg + i * s.o * s.cols(), col.data(), s, partial[ch].data()))
            gemm_serial<T>(false, true, s.o, s.rows(), s.cols(), pg + i * s.o * s.cols(), s.cols(), col.data(),
                           s.cols(), partial[ch].data(), s.rows(), T(1));
        }
      }
    });
    T* pdw = dw.data<T>();
    for (const auto& p : partial)
      for (int64_t j = 0; j < wsize; ++j) pdw[j] += p[j];
  });
  return dw;
}

std::pair<Tensor, Tensor> conv2d_backward(const Tensor& grad_out, const Tensor& x_in, const Tensor& w_in,
                                          const Conv2dGeometry& g) {
  check_cpu(grad_out.device(), "conv2d_backward");
  const ConvShape s = conv_shape(x_in.shape(), w_in.shape(), g, "conv2d_backward");
  if (grad_out.dtype() == DType::f32 && x_in.dtype() == DType::f32 && w_in.dtype() == DType::f32 && use_dnnl(s, g)) {
    const bool channels_last = g.channels_last || is_channels_last(x_in);
    const Tensor go = in_layout(grad_out, channels_last), x = in_layout(x_in, channels_last), w = w_in.contiguous();
    Tensor dx = channels_last ? empty_channels_last(x.shape()) : Tensor::empty(x.shape());
    Tensor dw = Tensor::empty(w.shape());
    if (dnnl_conv2d_backward(x.shape(), w.shape(), g, channels_last, go.data<float>(), x.data<float>(),
                             w.data<float>(), dx.data<float>(), dw.data<float>()))
      return {dx, dw};
  }
  return {conv2d_backward_input(grad_out, w_in, x_in.shape(), g), conv2d_backward_weight(grad_out, x_in, w_in.shape(), g)};
}

}  // namespace nabla::kernels
