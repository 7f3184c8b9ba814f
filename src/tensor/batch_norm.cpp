// Batch normalisation kernels over (N, C, …), plain or channels-last: per-channel statistics, the affine
// normalisation and its gradient, each one or two passes over the data instead of a chain of broadcast
// elementwise ops.
#include <nabla/tensor/kernels.h>
#include <nabla/tensor/memory_format.h>

#include <algorithm>
#include <cmath>
#include <limits>
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

// Calls f.template operator()<C>() with the channel count as a compile-time constant for the widths residual
// networks use, so that a row's loop over its channels unrolls into vector registers and per-channel sums
// stay in them across rows (with a runtime bound, a 16-channel row cost more in loop set-up than in
// arithmetic); other counts get C = 0 and loop to c.
template <class F>
void with_channels(int64_t c, F&& f) {
  switch (c) {
    case 16: f.template operator()<16>(); return;
    case 32: f.template operator()<32>(); return;
    case 64: f.template operator()<64>(); return;
    default: f.template operator()<0>(); return;
  }
}

// One value per channel, on the stack when the count C is known, zero-initialised.
template <class T, int64_t C>
struct ChannelValues {
  explicit ChannelValues(int64_t /*c*/) {}
  T* data() { return v; }
  T& operator[](int64_t j) { return v[j]; }
  T v[C] = {};
};
template <class T>
struct ChannelValues<T, 0> {
  explicit ChannelValues(int64_t c) : v(static_cast<std::size_t>(c), T(0)) {}
  T* data() { return v.data(); }
  T& operator[](int64_t j) { return v[static_cast<std::size_t>(j)]; }
  std::vector<T> v;
};

// Per-channel mean and biased variance of a (rows, c) matrix with one pass over memory: each chunk of kRowChunk
// rows, small enough to stay in cache, gets its own mean and centred sum of squares from two passes over it; the
// chunks merge in chunk order by Chan, Golub and LeVeque's pairwise update, so nothing cancels as
// E[x²] − E[x]² would and the result is the same for any thread count. A chunk sums its values less its first
// row's, so that its float sum does not grow with the data's offset from zero, and keeps its mean in double.
template <class T, int64_t C>
std::pair<std::vector<double>, std::vector<double>> column_moments(const T* px, int64_t rows, int64_t c) {
  const int64_t cc = C ? C : c, chunks = (rows + kRowChunk - 1) / kRowChunk;
  std::vector<double> chunk_mean(static_cast<std::size_t>(chunks * cc));
  std::vector<T> chunk_m2(chunk_mean.size());
  parallel_for(chunks, ChannelLayout::grain(kRowChunk * cc), [&](int64_t lo, int64_t hi) {
    for (int64_t k = lo; k < hi; ++k) {
      const int64_t r0 = k * kRowChunk, r1 = std::min(rows, r0 + kRowChunk);
      const T* shift = px + r0 * cc;
      ChannelValues<T, C> sum(cc), offset(cc), q(cc);
      for (int64_t r = r0; r < r1; ++r)
        for (int64_t j = 0; j < cc; ++j) sum[j] += px[r * cc + j] - shift[j];
      for (int64_t j = 0; j < cc; ++j) {
        offset[j] = sum[j] / static_cast<T>(r1 - r0);  // the chunk's mean less the shift
        chunk_mean[k * cc + j] = static_cast<double>(shift[j]) + static_cast<double>(offset[j]);
      }
      for (int64_t r = r0; r < r1; ++r)
        for (int64_t j = 0; j < cc; ++j) {
          const T d = (px[r * cc + j] - shift[j]) - offset[j];
          q[j] += d * d;
        }
      std::copy(q.data(), q.data() + cc, chunk_m2.data() + k * cc);
    }
  });
  std::vector<double> mean(static_cast<std::size_t>(cc), 0.0), m2(mean.size(), 0.0);
  for (int64_t k = 0; k < chunks; ++k) {
    const double before = static_cast<double>(k * kRowChunk);
    const double added = static_cast<double>(std::min(rows, (k + 1) * kRowChunk) - k * kRowChunk);
    const double total = before + added;
    for (int64_t j = 0; j < cc; ++j) {
      const double delta = chunk_mean[k * cc + j] - mean[j];
      mean[j] += delta * added / total;
      m2[j] += static_cast<double>(chunk_m2[k * cc + j]) + delta * delta * before * added / total;
    }
  }
  return {mean, m2};
}

std::pair<Tensor, Tensor> batch_norm_stats_channels_last(const Tensor& x) {
  const int64_t c = x.size(1), rows = x.numel() / std::max<int64_t>(1, c);
  Tensor mean = Tensor::empty({c}, x.dtype()), var = Tensor::empty({c}, x.dtype());
  visit_float(x, "batch_norm_stats", [&]<class T>() {
    with_channels(c, [&]<int64_t C>() {
      const auto [mu, m2] = column_moments<T, C>(x.data<T>(), rows, c);
      const double none = std::numeric_limits<double>::quiet_NaN();  // an empty batch, as 0/0 in the NCHW kernel
      for (int64_t j = 0; j < c; ++j) {
        mean.data<T>()[j] = static_cast<T>(rows > 0 ? mu[j] : none);
        var.data<T>()[j] = static_cast<T>(rows > 0 ? m2[j] / static_cast<double>(rows) : none);
      }
    });
  });
  return {mean, var};
}

Tensor channel_affine_channels_last(const Tensor& x, const Tensor& scale, const Tensor& shift, bool relu) {
  const int64_t c = x.size(1), rows = x.numel() / std::max<int64_t>(1, c);
  const Tensor a = scale.contiguous(), b = shift.contiguous();
  Tensor y = empty_channels_last(x.shape(), x.dtype());
  visit_float(x, "channel_affine", [&]<class T>() {
    with_channels(c, [&]<int64_t C>() {
      const int64_t cc = C ? C : c;
      const T* px = x.data<T>();
      const T* pa = a.data<T>();
      const T* pb = b.data<T>();
      T* py = y.data<T>();
      parallel_for(rows, ChannelLayout::grain(cc), [&](int64_t lo, int64_t hi) {
        for (int64_t r = lo; r < hi; ++r) {
          const T* xr = px + r * cc;
          T* o = py + r * cc;
          if (relu)
            for (int64_t j = 0; j < cc; ++j) o[j] = std::max(T(0), affine(xr[j], pa[j], pb[j]));
          else
            for (int64_t j = 0; j < cc; ++j) o[j] = affine(xr[j], pa[j], pb[j]);
        }
      });
    });
  });
  return y;
}

// Row kernels of the channels-last backward, C channels (0: c). __restrict promises what holds here, that a row
// written never overlaps the rows read: without it the compiler checked for overlap on every row, which on
// 16-channel rows cost more than the arithmetic. (The ReLU mask stays a select in the caller's loop: with
// __restrict, GCC 12 compiled it into a branch per element.)
template <class T, int64_t C>
inline void add_gradient_sums_row(int64_t c, const T* __restrict g, const T* __restrict x, const T* __restrict mean,
                                  T* __restrict sum_g, T* __restrict sum_gx) {
  for (int64_t j = 0; j < (C ? C : c); ++j) {
    sum_g[j] += g[j];
    sum_gx[j] += g[j] * (x[j] - mean[j]);
  }
}

// dx = γσ⁻¹·(g − Σg/M − (x − μ)·σ⁻²·Σg(x − μ)/M), with k = γσ⁻¹, c0 = Σg/M, c1 = σ⁻²·Σg(x − μ)/M.
template <class T, int64_t C>
inline void input_gradient_row(int64_t c, const T* __restrict g, const T* __restrict x, const T* __restrict mean,
                               const T* __restrict k, const T* __restrict c0, const T* __restrict c1,
                               T* __restrict dx) {
  for (int64_t j = 0; j < (C ? C : c); ++j) dx[j] = k[j] * (g[j] - c0[j] - (x[j] - mean[j]) * c1[j]);
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
    with_channels(c, [&]<int64_t C>() {
      const int64_t cc = C ? C : c;
      const T* pg = g.data<T>();
      const T* px = x.data<T>();
      const T* pm = mu.data<T>();
      const T* pa = relu ? ra.data<T>() : nullptr;
      const T* pb = relu ? rb.data<T>() : nullptr;
      // The gradient reaching the normalisation in row r: grad_out's, or with the fused ReLU zeroed where its
      // output was cut (written to a row buffer first, as in the NCHW kernel, not selected inside the sums).
      const auto row_grad = [&](int64_t r, T* m) -> const T* {
        const T* gr = pg + r * cc;
        if (!relu) return gr;
        const T* xr = px + r * cc;
        for (int64_t j = 0; j < cc; ++j) {
          const T gj = gr[j];  // loaded either way, so that the select compiles to a blend, not a branch
          m[j] = affine(xr[j], pa[j], pb[j]) > T(0) ? gj : T(0);
        }
        return m;
      };
      // Σg and Σg·(x − μ) per channel give dβ, dγ and the two corrections of dx; per chunk of rows in fixed
      // order, so that they are the same for any thread count.
      const int64_t chunks = (rows + kRowChunk - 1) / kRowChunk;
      std::vector<T> part(static_cast<std::size_t>(chunks * 2 * cc), T(0));
      parallel_for(chunks, ChannelLayout::grain(kRowChunk * cc), [&](int64_t lo, int64_t hi) {
        ChannelValues<T, C> masked(cc);
        for (int64_t k = lo; k < hi; ++k) {
          T* sg = part.data() + k * 2 * cc;
          T* sgx = sg + cc;
          for (int64_t r = k * kRowChunk; r < std::min(rows, (k + 1) * kRowChunk); ++r)
            add_gradient_sums_row<T, C>(cc, row_grad(r, masked.data()), px + r * cc, pm, sg, sgx);
        }
      });
      std::vector<double> sum_g(static_cast<std::size_t>(cc), 0.0), sum_gx(sum_g.size(), 0.0);
      for (int64_t k = 0; k < chunks; ++k)
        for (int64_t j = 0; j < cc; ++j) {
          sum_g[j] += part[k * 2 * cc + j];
          sum_gx[j] += part[k * 2 * cc + cc + j];
        }
      std::vector<T> k(static_cast<std::size_t>(cc)), c0(k.size()), c1(k.size());
      const double count = static_cast<double>(rows);
      for (int64_t j = 0; j < cc; ++j) {
        const double sj = is.data<T>()[j];
        const double gamma = w.defined() ? static_cast<double>(w.data<T>()[j]) : 1.0;
        out.dbias.data<T>()[j] = static_cast<T>(sum_g[j]);
        out.dweight.data<T>()[j] = static_cast<T>(sum_gx[j] * sj);
        k[j] = static_cast<T>(gamma * sj);
        c0[j] = static_cast<T>(sum_g[j] / count);
        c1[j] = static_cast<T>(sj * sj * sum_gx[j] / count);
      }
      T* pdx = out.dx.data<T>();
      parallel_for(rows, ChannelLayout::grain(cc), [&](int64_t lo, int64_t hi) {
        ChannelValues<T, C> masked(cc);
        for (int64_t r = lo; r < hi; ++r)
          input_gradient_row<T, C>(cc, row_grad(r, masked.data()), px + r * cc, pm, k.data(), c0.data(), c1.data(),
                                   pdx + r * cc);
      });
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
