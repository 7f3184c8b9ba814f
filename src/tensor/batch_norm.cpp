// Batch normalisation kernels over (N, C, …), plain or channels-last: per-channel statistics, the affine
// normalisation and its gradient, each one or two passes over the data instead of a chain of broadcast
// elementwise ops.
#include <nabla/tensor/kernels.h>
#include <nabla/tensor/memory_format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "dispatch.h"
#include "parallel.h"

namespace nabla::kernels {
namespace {

// x viewed as (n, c, inner). Channels are independent, so loops over them split across threads.
struct ChannelLayout {
  int64_t n, c, inner;
  [[nodiscard]] int64_t per_channel() const { return n * inner; }
  // Loop items of `size` values each that make a thread's work worth waking it.
  [[nodiscard]] static int64_t grain(int64_t size) { return std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(1, size)); }
};

ChannelLayout layout_of(const Tensor& x, const char* op) {
  if (x.dim() < 2) throw std::invalid_argument(std::string(op) + ": input " + shape_str(x.shape()) + " must be (N, C, …)");
  return {x.size(0), x.size(1), x.numel() / std::max<int64_t>(1, x.size(0) * x.size(1))};
}

// Σ f(j) for j < n in eight interleaved partial sums of T, which the compiler keeps in vector registers
// (one running double would serialise the loop); rows are short enough (a channel's plane) for T.
template <class T, class F>
double row_sum(int64_t n, F&& f) {
  T part[8] = {};
  int64_t j = 0;
  for (; j + 8 <= n; j += 8)
    for (int64_t k = 0; k < 8; ++k) part[k] += f(j + k);
  double s = 0;
  for (; j < n; ++j) s += f(j);
  for (const T p : part) s += p;
  return s;
}

// One element of channel_affine: the forward and the backward's ReLU mask must round it alike.
template <class T>
inline T affine(T x, T scale, T shift) {
  return x * scale + shift;
}

// Channels-last x (memory_format.h) is a (rows, C) matrix in memory, rows = N·H·W: the per-channel loops
// below run along its rows with the channels as the vectorised inner loop.
constexpr int64_t kRowChunk = 256;

// Per-channel sums over the rows: chunk(lo, hi, part) adds the terms of rows [lo, hi) into part, K rows of c
// partial sums of T. Chunks are fixed runs of kRowChunk rows added in chunk order, so the sums are the same
// for any thread count.
template <class T, std::size_t K, class F>
std::array<std::vector<double>, K> column_sums(int64_t rows, int64_t c, F&& chunk) {
  const int64_t chunks = (rows + kRowChunk - 1) / kRowChunk, width = c * static_cast<int64_t>(K);
  std::vector<T> part(static_cast<std::size_t>(chunks * width), T(0));
  parallel_for(chunks, ChannelLayout::grain(kRowChunk * c), [&](int64_t lo, int64_t hi) {
    for (int64_t k = lo; k < hi; ++k)
      chunk(k * kRowChunk, std::min(rows, (k + 1) * kRowChunk), part.data() + k * width);
  });
  std::array<std::vector<double>, K> sums;
  for (std::size_t t = 0; t < K; ++t) {
    sums[t].assign(static_cast<std::size_t>(c), 0.0);
    for (int64_t k = 0; k < chunks; ++k)
      for (int64_t j = 0; j < c; ++j) sums[t][j] += part[k * width + static_cast<int64_t>(t) * c + j];
  }
  return sums;
}

std::pair<Tensor, Tensor> batch_norm_stats_channels_last(const Tensor& x) {
  const int64_t c = x.size(1), rows = x.numel() / std::max<int64_t>(1, c);
  Tensor mean = Tensor::empty({c}, x.dtype()), var = Tensor::empty({c}, x.dtype());
  visit_float(x, "batch_norm_stats", [&]<class T>() {
    const T* px = x.data<T>();
    // Two passes, as for NCHW: the centred sum of squares does not cancel.
    const auto s = column_sums<T, 1>(rows, c, [&](int64_t lo, int64_t hi, T* part) {
      for (int64_t r = lo; r < hi; ++r)
        for (int64_t j = 0; j < c; ++j) part[j] += px[r * c + j];
    });
    std::vector<T> mu(static_cast<std::size_t>(c));
    for (int64_t j = 0; j < c; ++j) mu[j] = static_cast<T>(s[0][j] / static_cast<double>(rows));
    const T* pm = mu.data();
    const auto q = column_sums<T, 1>(rows, c, [&](int64_t lo, int64_t hi, T* part) {
      for (int64_t r = lo; r < hi; ++r)
        for (int64_t j = 0; j < c; ++j) {
          const T d = px[r * c + j] - pm[j];
          part[j] += d * d;
        }
    });
    for (int64_t j = 0; j < c; ++j) {
      mean.data<T>()[j] = mu[j];
      var.data<T>()[j] = static_cast<T>(q[0][j] / static_cast<double>(rows));
    }
  });
  return {mean, var};
}

Tensor channel_affine_channels_last(const Tensor& x, const Tensor& scale, const Tensor& shift, bool relu) {
  const int64_t c = x.size(1), rows = x.numel() / std::max<int64_t>(1, c);
  const Tensor a = scale.contiguous(), b = shift.contiguous();
  Tensor y = empty_channels_last(x.shape(), x.dtype());
  visit_float(x, "channel_affine", [&]<class T>() {
    const T* px = x.data<T>();
    const T* pa = a.data<T>();
    const T* pb = b.data<T>();
    T* py = y.data<T>();
    parallel_for(rows, ChannelLayout::grain(c), [&](int64_t lo, int64_t hi) {
      for (int64_t r = lo; r < hi; ++r) {
        const T* xr = px + r * c;
        T* o = py + r * c;
        if (relu)
          for (int64_t j = 0; j < c; ++j) o[j] = std::max(T(0), affine(xr[j], pa[j], pb[j]));
        else
          for (int64_t j = 0; j < c; ++j) o[j] = affine(xr[j], pa[j], pb[j]);
      }
    });
  });
  return y;
}

BatchNormGrads batch_norm_backward_channels_last(const Tensor& grad_out, const Tensor& x, const Tensor& mean,
                                                 const Tensor& inv_std, const Tensor& weight,
                                                 const Tensor& relu_scale, const Tensor& relu_shift) {
  const int64_t c = x.size(1), rows = x.numel() / std::max<int64_t>(1, c);
  const Tensor g = to_channels_last(grad_out), mu = mean.contiguous(), is = inv_std.contiguous();
  const Tensor w = weight.defined() ? weight.contiguous() : Tensor();
  const bool relu = relu_scale.defined();
  const Tensor ra = relu ? relu_scale.contiguous() : Tensor(), rb = relu ? relu_shift.contiguous() : Tensor();
  BatchNormGrads out{empty_channels_last(x.shape(), x.dtype()), Tensor::empty({c}, x.dtype()),
                     Tensor::empty({c}, x.dtype())};
  visit_float(x, "batch_norm_backward", [&]<class T>() {
    const T* pg = g.data<T>();
    const T* px = x.data<T>();
    const T* pm = mu.data<T>();
    const T* pa = relu ? ra.data<T>() : nullptr;
    const T* pb = relu ? rb.data<T>() : nullptr;
    // The gradient reaching the normalisation in row r: grad_out's, or with the fused ReLU zeroed where its
    // output was cut (written to a row buffer first, as in the NCHW kernel, not selected inside the sums).
    const auto row_grad = [&](int64_t r, T* m) -> const T* {
      const T* gr = pg + r * c;
      if (!relu) return gr;
      const T* xr = px + r * c;
      for (int64_t j = 0; j < c; ++j) {
        const T gj = gr[j];
        m[j] = affine(xr[j], pa[j], pb[j]) > T(0) ? gj : T(0);
      }
      return m;
    };
    // Σg and Σg·(x − μ) per channel give dβ, dγ and the two corrections of dx.
    const auto sums = column_sums<T, 2>(rows, c, [&](int64_t lo, int64_t hi, T* part) {
      std::vector<T> masked(static_cast<std::size_t>(c));
      T* sg = part;
      T* sgx = part + c;
      for (int64_t r = lo; r < hi; ++r) {
        const T* gr = row_grad(r, masked.data());
        const T* xr = px + r * c;
        for (int64_t j = 0; j < c; ++j) {
          sg[j] += gr[j];
          sgx[j] += gr[j] * (xr[j] - pm[j]);
        }
      }
    });
    std::vector<T> k(static_cast<std::size_t>(c)), c0(k.size()), c1(k.size());
    const double count = static_cast<double>(rows);
    for (int64_t j = 0; j < c; ++j) {
      const double sj = is.data<T>()[j];
      const double gamma = w.defined() ? static_cast<double>(w.data<T>()[j]) : 1.0;
      out.dbias.data<T>()[j] = static_cast<T>(sums[0][j]);
      out.dweight.data<T>()[j] = static_cast<T>(sums[1][j] * sj);
      k[j] = static_cast<T>(gamma * sj);
      c0[j] = static_cast<T>(sums[0][j] / count);
      c1[j] = static_cast<T>(sj * sj * sums[1][j] / count);
    }
    // dx = γσ⁻¹·(g − Σg/M − (x − μ)·σ⁻²·Σg(x − μ)/M)
    T* pdx = out.dx.data<T>();
    const T *pk = k.data(), *p0 = c0.data(), *p1 = c1.data();
    parallel_for(rows, ChannelLayout::grain(c), [&](int64_t lo, int64_t hi) {
      std::vector<T> masked(static_cast<std::size_t>(c));
      for (int64_t r = lo; r < hi; ++r) {
        const T* gr = row_grad(r, masked.data());
        const T* xr = px + r * c;
        T* o = pdx + r * c;
        for (int64_t j = 0; j < c; ++j) o[j] = pk[j] * (gr[j] - p0[j] - (xr[j] - pm[j]) * p1[j]);
      }
    });
  });
  return out;
}

}  // namespace

std::pair<Tensor, Tensor> batch_norm_stats(const Tensor& x_in) {
  if (is_channels_last(x_in)) return batch_norm_stats_channels_last(x_in);
  const ChannelLayout l = layout_of(x_in, "batch_norm_stats");
  const Tensor x = x_in.contiguous();
  Tensor mean = Tensor::empty({l.c}, x.dtype()), var = Tensor::empty({l.c}, x.dtype());
  visit_float(x, "batch_norm_stats", [&]<class T>() {
    const T* px = x.data<T>();
    T* pm = mean.data<T>();
    T* pv = var.data<T>();
    parallel_for(l.c, ChannelLayout::grain(l.per_channel()), [&](int64_t lo, int64_t hi) {
      for (int64_t ch = lo; ch < hi; ++ch) {
        // Two passes: the centred sum of squares does not cancel as E[x²] − E[x]² would.
        double s = 0, q = 0;
        for (int64_t i = 0; i < l.n; ++i) {
          const T* r = px + (i * l.c + ch) * l.inner;
          s += row_sum<T>(l.inner, [r](int64_t j) { return r[j]; });
        }
        const double mu = s / static_cast<double>(l.per_channel());
        const T mt = static_cast<T>(mu);
        for (int64_t i = 0; i < l.n; ++i) {
          const T* r = px + (i * l.c + ch) * l.inner;
          q += row_sum<T>(l.inner, [r, mt](int64_t j) { return (r[j] - mt) * (r[j] - mt); });
        }
        pm[ch] = static_cast<T>(mu);
        pv[ch] = static_cast<T>(q / static_cast<double>(l.per_channel()));
      }
    });
  });
  return {mean, var};
}

Tensor channel_affine(const Tensor& x_in, const Tensor& scale, const Tensor& shift, bool relu) {
  if (is_channels_last(x_in)) return channel_affine_channels_last(x_in, scale, shift, relu);
  const ChannelLayout l = layout_of(x_in, "channel_affine");
  const Tensor x = x_in.contiguous(), a = scale.contiguous(), b = shift.contiguous();
  Tensor y = Tensor::empty(x.shape(), x.dtype());
  visit_float(x, "channel_affine", [&]<class T>() {
    const T* px = x.data<T>();
    const T* pa = a.data<T>();
    const T* pb = b.data<T>();
    T* py = y.data<T>();
    parallel_for(l.n * l.c, ChannelLayout::grain(l.inner), [&](int64_t lo, int64_t hi) {
      for (int64_t row = lo; row < hi; ++row) {
        const T ak = pa[row % l.c], bk = pb[row % l.c];
        const T* r = px + row * l.inner;
        T* o = py + row * l.inner;
        if (relu)
          for (int64_t j = 0; j < l.inner; ++j) o[j] = std::max(T(0), affine(r[j], ak, bk));
        else
          for (int64_t j = 0; j < l.inner; ++j) o[j] = affine(r[j], ak, bk);
      }
    });
  });
  return y;
}

BatchNormGrads batch_norm_backward(const Tensor& grad_out, const Tensor& x_in, const Tensor& mean,
                                   const Tensor& inv_std, const Tensor& weight, const Tensor& relu_scale,
                                   const Tensor& relu_shift) {
  if (is_channels_last(x_in))
    return batch_norm_backward_channels_last(grad_out, x_in, mean, inv_std, weight, relu_scale, relu_shift);
  const ChannelLayout l = layout_of(x_in, "batch_norm_backward");
  const Tensor g = grad_out.contiguous(), x = x_in.contiguous(), mu = mean.contiguous(), is = inv_std.contiguous();
  const Tensor w = weight.defined() ? weight.contiguous() : Tensor();
  const bool relu = relu_scale.defined();
  const Tensor ra = relu ? relu_scale.contiguous() : Tensor(), rb = relu ? relu_shift.contiguous() : Tensor();
  BatchNormGrads out{Tensor::empty(x.shape(), x.dtype()), Tensor::empty({l.c}, x.dtype()),
                     Tensor::empty({l.c}, x.dtype())};
  visit_float(x, "batch_norm_backward", [&]<class T>() {
    const T* pg = g.data<T>();
    const T* px = x.data<T>();
    T* pdx = out.dx.data<T>();
    parallel_for(l.c, ChannelLayout::grain(l.per_channel()), [&](int64_t lo, int64_t hi) {
      std::vector<T> masked(relu ? static_cast<std::size_t>(l.inner) : 0);
      for (int64_t ch = lo; ch < hi; ++ch) {
        const T mt = mu.data<T>()[ch];
        const double s = is.data<T>()[ch];
        const double gamma = w.defined() ? static_cast<double>(w.data<T>()[ch]) : 1.0;
        // The gradient that reaches the normalisation in the row at `at`: grad_out's row, or with the
        // fused ReLU a copy of it zeroed where the output was cut (a row buffer, not a select inside the
        // sums below: GCC 12 at -O3 with AVX2 vectorised that select into wrong sums).
        const T a = relu ? ra.data<T>()[ch] : T(1), b = relu ? rb.data<T>()[ch] : T(0);
        const auto row_grad = [&](int64_t at) -> const T* {
          if (!relu) return pg + at;
          const T* gr = pg + at;
          const T* xr = px + at;
          T* m = masked.data();
          for (int64_t j = 0; j < l.inner; ++j) {
            const T gj = gr[j];  // loaded either way, so that the select compiles to a blend, not a branch
            m[j] = affine(xr[j], a, b) > T(0) ? gj : T(0);
          }
          return m;
        };
        // Σg and Σg·(x − μ) over the channel give dβ, dγ and the two corrections of dx.
        double sg = 0, sgx = 0;
        for (int64_t i = 0; i < l.n; ++i) {
          const int64_t at = (i * l.c + ch) * l.inner;
          const T* gr = row_grad(at);
          const T* xr = px + at;
          sg += row_sum<T>(l.inner, [gr](int64_t j) { return gr[j]; });
          sgx += row_sum<T>(l.inner, [gr, xr, mt](int64_t j) { return gr[j] * (xr[j] - mt); });
        }
        out.dbias.data<T>()[ch] = static_cast<T>(sg);
        out.dweight.data<T>()[ch] = static_cast<T>(sgx * s);
        // dx = γσ⁻¹·(g − Σg/M − (x − μ)·σ⁻²·Σg(x − μ)/M)
        const double count = static_cast<double>(l.per_channel());
        const T k = static_cast<T>(gamma * s), c0 = static_cast<T>(sg / count), c1 = static_cast<T>(s * s * sgx / count);
        for (int64_t i = 0; i < l.n; ++i) {
          const int64_t at = (i * l.c + ch) * l.inner;
          const T* gr = row_grad(at);
          for (int64_t j = 0; j < l.inner; ++j) pdx[at + j] = k * (gr[j] - c0 - (px[at + j] - mt) * c1);
        }
      }
    });
  });
  return out;
}

}  // namespace nabla::kernels
