// Max and average pooling over 2-D windows, forward and backward, one (sample, channel) plane at a time.
#include <algorithm>
#include <limits>
#include <stdexcept>
#include <type_traits>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include <nabla/tensor/kernels.h>

#include "dispatch.h"
#include "parallel.h"

namespace nabla::kernels {
namespace {

struct PoolShape {
  int64_t planes, h, w, oh, ow;
};

PoolShape pool_shape(const Shape& x, const Pool2dGeometry& g, const char* op) {
  if (x.size() != 4) throw std::invalid_argument(std::string(op) + ": input " + shape_str(x) + " must be (N, C, H, W)");
  if (g.kernel.h < 1 || g.kernel.w < 1 || g.stride.h < 1 || g.stride.w < 1 || g.padding.h < 0 || g.padding.w < 0 ||
      2 * g.padding.h > g.kernel.h || 2 * g.padding.w > g.kernel.w)
    throw std::invalid_argument(std::string(op) + ": kernel and stride must be >= 1, padding at most half the kernel");
  if (x[2] + 2 * g.padding.h < g.kernel.h || x[3] + 2 * g.padding.w < g.kernel.w)
    throw std::invalid_argument(std::string(op) + ": window " + std::to_string(g.kernel.h) + "x" +
                                std::to_string(g.kernel.w) + " larger than input " + shape_str(x));
  return {x[0] * x[1], x[2], x[3], (x[2] + 2 * g.padding.h - g.kernel.h) / g.stride.h + 1,
          (x[3] + 2 * g.padding.w - g.kernel.w) / g.stride.w + 1};
}

// best[i] = max(best[i], plane[row + i*step]) with its index, for i < n. Plain value parameters: with
// the sizes behind a reference, the int64 index stores could alias them and the loop would not vectorise.
template <class T>
void max_into_row(const T* plane, int64_t row, int64_t step, int64_t n, T* best, int64_t* arg) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) {
    const int64_t at = row + i * step;
    const T v = plane[at];
    const bool take = (v > best[i]) | (v != v);  // NaN wins, as in PyTorch
    best[i] = take ? v : best[i];
    arg[i] = take ? at : arg[i];
  }
}

#if defined(__AVX512F__)
// The lanes of one step over an output row: `out` covers its n (<= 16) outputs, `lo` and `hi` the 2n input
// columns of their windows in two vectors of 16.
struct RowMasks {
  __mmask16 out, lo, hi;
};
RowMasks row_masks(int64_t n) {
  return {static_cast<__mmask16>((1u << n) - 1), static_cast<__mmask16>((1u << std::min<int64_t>(2 * n, 16)) - 1),
          static_cast<__mmask16>((1u << std::max<int64_t>(2 * n - 16, 0)) - 1)};
}

// Offsets within a 2×2 window of a plane of width w (right, down, down-right) and the even lanes 0, 2, …, 30
// (each output's window corner, relative to the row step's first).
struct WindowOffsets {
  int64_t w;
  __m512i even, right, down, down_right;
  explicit WindowOffsets(int64_t width)
      : w(width),
        even(_mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30)),
        right(_mm512_set1_epi32(1)),
        down(_mm512_set1_epi32(static_cast<int>(width))),
        down_right(_mm512_set1_epi32(static_cast<int>(width + 1))) {}
  // Offsets of the window corners of outputs x, x+1, …, x+15 in output row y.
  [[nodiscard]] __m512i corners(int64_t y, int64_t x) const {
    return _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(2 * y * w + 2 * x)), even);
  }
};

// 2×2, stride-2 max pooling of one plane of floats (the ConvNet's case), 16 outputs per step with AVX-512:
// rows are short (7 or 14 outputs), so a compiler's vector loop would spend its time in scalar remainders;
// masked loads cover a whole row instead. Same choice as the generic loop: a later candidate wins when it is
// greater or NaN. Indices are plane offsets, computed in 32 bits (a plane is far below 2^31 floats).
// GCC 12 wrongly flags the undefined pass-through operands of the AVX-512 intrinsics as uninitialised
// (GCC bug 105593, fixed in 13); the warnings are off for the two plane functions only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
void max_pool_2x2_plane(const float* plane, int64_t w, int64_t oh, int64_t ow, float* best, int64_t* arg) {
  const WindowOffsets off(w);
  const __m512i odd = _mm512_add_epi32(off.even, off.right);
  for (int64_t y = 0; y < oh; ++y) {
    const float* r0 = plane + 2 * y * w;
    const float* r1 = r0 + w;
    for (int64_t x = 0; x < ow; x += 16) {
      const RowMasks mask = row_masks(std::min<int64_t>(16, ow - x));
      const __m512 t0 = _mm512_maskz_loadu_ps(mask.lo, r0 + 2 * x), t1 = _mm512_maskz_loadu_ps(mask.hi, r0 + 2 * x + 16);
      const __m512 u0 = _mm512_maskz_loadu_ps(mask.lo, r1 + 2 * x), u1 = _mm512_maskz_loadu_ps(mask.hi, r1 + 2 * x + 16);
      const __m512 a = _mm512_permutex2var_ps(t0, off.even, t1), b = _mm512_permutex2var_ps(t0, odd, t1);
      const __m512 c = _mm512_permutex2var_ps(u0, off.even, u1), d = _mm512_permutex2var_ps(u0, odd, u1);
      __m512 m = a;
      __m512i k = _mm512_setzero_si512();
      auto take = [&](__m512 v, __m512i offset) {
        const __mmask16 t = _mm512_cmp_ps_mask(v, m, _CMP_GT_OQ) | _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
        m = _mm512_mask_mov_ps(m, t, v);
        k = _mm512_mask_mov_epi32(k, t, offset);
      };
      take(b, off.right);
      take(c, off.down);
      take(d, off.down_right);
      const __m512i at = _mm512_add_epi32(off.corners(y, x), k);
      _mm512_mask_storeu_ps(best + y * ow + x, mask.out, m);
      _mm512_mask_storeu_epi64(arg + y * ow + x, static_cast<__mmask8>(mask.out),
                               _mm512_cvtepi32_epi64(_mm512_castsi512_si256(at)));
      _mm512_mask_storeu_epi64(arg + y * ow + x + 8, static_cast<__mmask8>(mask.out >> 8),
                               _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(at, 1)));
    }
  }
}

// The adjoint of max_pool_2x2_plane: writes the whole input-gradient plane (each window gets g at its
// winner and 0 elsewhere, uncovered edges 0), so no separate zero fill and no scatter. Returns false,
// having written part of the plane, when an index lies outside its own 2×2 window (indices from another
// geometry); the caller then falls back to the general scatter.
bool max_pool_2x2_backward_plane(const float* g, const int64_t* arg, int64_t h, int64_t w, int64_t oh, int64_t ow,
                                 float* dx) {
  const WindowOffsets off(w);
  const __m512i low_pairs = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const __m512i high_pairs = _mm512_add_epi32(low_pairs, _mm512_set1_epi32(8));
  for (int64_t y = 0; y < oh; ++y) {
    float* r0 = dx + 2 * y * w;
    float* r1 = r0 + w;
    for (int64_t x = 0; x < ow; x += 16) {
      const RowMasks mask = row_masks(std::min<int64_t>(16, ow - x));
      const __m512 gv = _mm512_maskz_loadu_ps(mask.out, g + y * ow + x);
      const __m256i a0 =
          _mm512_cvtepi64_epi32(_mm512_maskz_loadu_epi64(static_cast<__mmask8>(mask.out), arg + y * ow + x));
      const __m256i a1 =
          _mm512_cvtepi64_epi32(_mm512_maskz_loadu_epi64(static_cast<__mmask8>(mask.out >> 8), arg + y * ow + x + 8));
      const __m512i at = _mm512_inserti64x4(_mm512_castsi256_si512(a0), a1, 1);
      const __m512i k = _mm512_sub_epi32(at, off.corners(y, x));
      const __mmask16 ka = _mm512_cmpeq_epi32_mask(k, _mm512_setzero_si512());
      const __mmask16 kb = _mm512_cmpeq_epi32_mask(k, off.right), kc = _mm512_cmpeq_epi32_mask(k, off.down);
      const __mmask16 kd = _mm512_cmpeq_epi32_mask(k, off.down_right);
      if (((ka | kb | kc | kd) & mask.out) != mask.out) return false;
      const __m512 a = _mm512_maskz_mov_ps(ka, gv), b = _mm512_maskz_mov_ps(kb, gv);
      const __m512 c = _mm512_maskz_mov_ps(kc, gv), d = _mm512_maskz_mov_ps(kd, gv);
      _mm512_mask_storeu_ps(r0 + 2 * x, mask.lo, _mm512_permutex2var_ps(a, low_pairs, b));
      _mm512_mask_storeu_ps(r0 + 2 * x + 16, mask.hi, _mm512_permutex2var_ps(a, high_pairs, b));
      _mm512_mask_storeu_ps(r1 + 2 * x, mask.lo, _mm512_permutex2var_ps(c, low_pairs, d));
      _mm512_mask_storeu_ps(r1 + 2 * x + 16, mask.hi, _mm512_permutex2var_ps(c, high_pairs, d));
    }
    if (w > 2 * ow) r0[w - 1] = r1[w - 1] = 0;  // an odd width leaves the last column out of every window
  }
  std::fill(dx + 2 * oh * w, dx + h * w, 0.0f);  // likewise the last row of an odd height
  return true;
}
#pragma GCC diagnostic pop
#endif

}  // namespace

std::pair<Tensor, Tensor> max_pool2d(const Tensor& x_in, const Pool2dGeometry& g) {
  const PoolShape s = pool_shape(x_in.shape(), g, "max_pool2d");
  const Shape out_shape{x_in.shape()[0], x_in.shape()[1], s.oh, s.ow};
  Tensor out = Tensor::empty(out_shape, x_in.dtype());
  Tensor idx = Tensor::empty(out_shape, DType::i64);
  visit_float(x_in, "max_pool2d", [&]<class T>() {
    const Tensor x = x_in.contiguous();
    const T* px = x.data<T>();
    T* po = out.data<T>();
    int64_t* pi = idx.data<int64_t>();
    // Non-overlapping windows without padding (the usual 2×2, stride 2): no bounds to check.
    const bool tiled = g.padding.h == 0 && g.padding.w == 0 && g.stride.h == g.kernel.h && g.stride.w == g.kernel.w;
    parallel_for(s.planes, std::max<int64_t>(1, kParallelGrain / (s.h * s.w)), [&](int64_t lo, int64_t hi) {
      for (int64_t p = lo; p < hi; ++p) {
        const T* plane = px + p * s.h * s.w;
#if defined(__AVX512F__)
        if constexpr (std::is_same_v<T, float>) {
          if (tiled && g.kernel.h == 2 && g.kernel.w == 2 && s.h * s.w < (int64_t{1} << 31)) {
            max_pool_2x2_plane(plane, s.w, s.oh, s.ow, po + p * s.oh * s.ow, pi + p * s.oh * s.ow);
            continue;
          }
        }
#endif
        if (tiled) {
          // One output row at a time, one window offset (ki, kj) at a time: the inner loop over the row
          // has no branches (selects, not jumps, as the comparisons are coin tosses) and vectorises.
          for (int64_t y = 0; y < s.oh; ++y) {
            T* ob = po + (p * s.oh + y) * s.ow;
            int64_t* oi = pi + (p * s.oh + y) * s.ow;
            for (int64_t xo = 0; xo < s.ow; ++xo) {
              oi[xo] = y * g.kernel.h * s.w + xo * g.kernel.w;
              ob[xo] = plane[oi[xo]];
            }
            for (int64_t ki = 0; ki < g.kernel.h; ++ki)
              for (int64_t kj = ki == 0 ? 1 : 0; kj < g.kernel.w; ++kj) {
                max_into_row(plane, (y * g.kernel.h + ki) * s.w + kj, g.kernel.w, s.ow, ob, oi);
              }
          }
          continue;
        }
        for (int64_t y = 0; y < s.oh; ++y)
          for (int64_t xo = 0; xo < s.ow; ++xo) {
            T best = -std::numeric_limits<T>::infinity();
            int64_t arg = -1;
            for (int64_t ki = 0; ki < g.kernel.h; ++ki) {
              const int64_t iy = y * g.stride.h - g.padding.h + ki;
              if (iy < 0 || iy >= s.h) continue;
              for (int64_t kj = 0; kj < g.kernel.w; ++kj) {
                const int64_t ix = xo * g.stride.w - g.padding.w + kj;
                if (ix < 0 || ix >= s.w) continue;
                const T v = plane[iy * s.w + ix];
                if (arg < 0 || v > best || v != v) {  // NaN wins, as in PyTorch
                  best = v;
                  arg = iy * s.w + ix;
                }
              }
            }
            const int64_t o = (p * s.oh + y) * s.ow + xo;
            po[o] = best;
            pi[o] = arg;
          }
      }
    });
  });
  return {out, idx};
}

Tensor max_pool2d_backward(const Tensor& grad_out, const Tensor& indices, const Shape& input_shape) {
  if (grad_out.shape() != indices.shape())
    throw std::invalid_argument("max_pool2d_backward: gradient " + shape_str(grad_out.shape()) + " vs indices " +
                                shape_str(indices.shape()));
  Tensor dx = Tensor::empty(input_shape, grad_out.dtype());
  visit_float(grad_out, "max_pool2d_backward", [&]<class T>() {
    const Tensor go = grad_out.contiguous();
    const T* pg = go.data<T>();
    const int64_t* pi = indices.data<int64_t>();
    T* pdx = dx.data<T>();
    const int64_t planes = input_shape[0] * input_shape[1], h = input_shape[2], w = input_shape[3];
    const int64_t oh = grad_out.shape()[2], ow = grad_out.shape()[3];
    parallel_for(planes, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(h * w, 1)), [&](int64_t lo, int64_t hi) {
      for (int64_t p = lo; p < hi; ++p) {
        const T* g = pg + p * oh * ow;
        const int64_t* arg = pi + p * oh * ow;
        T* plane = pdx + p * h * w;
#if defined(__AVX512F__)
        if constexpr (std::is_same_v<T, float>) {
          if (oh == h / 2 && ow == w / 2 && h * w < (int64_t{1} << 31) &&
              max_pool_2x2_backward_plane(g, arg, h, w, oh, ow, plane))
            continue;
        }
#endif
        std::fill(plane, plane + h * w, T(0));
        for (int64_t o = 0; o < oh * ow; ++o) plane[arg[o]] += g[o];
      }
    });
  });
  return dx;
}

Tensor max_pool2d_gather(const Tensor& x_in, const Tensor& indices) {
  Tensor out = Tensor::empty(indices.shape(), x_in.dtype());
  visit_float(x_in, "max_pool2d_gather", [&]<class T>() {
    const Tensor x = x_in.contiguous();
    const T* px = x.data<T>();
    const int64_t* pi = indices.data<int64_t>();
    T* po = out.data<T>();
    const int64_t planes = x.shape()[0] * x.shape()[1], in_plane = x.shape()[2] * x.shape()[3];
    const int64_t out_plane = indices.shape()[2] * indices.shape()[3];
    for (int64_t p = 0; p < planes; ++p)
      for (int64_t o = 0; o < out_plane; ++o) po[p * out_plane + o] = px[p * in_plane + pi[p * out_plane + o]];
  });
  return out;
}

Tensor avg_pool2d(const Tensor& x_in, const Pool2dGeometry& g) {
  const PoolShape s = pool_shape(x_in.shape(), g, "avg_pool2d");
  Tensor out = Tensor::empty({x_in.shape()[0], x_in.shape()[1], s.oh, s.ow}, x_in.dtype());
  visit_float(x_in, "avg_pool2d", [&]<class T>() {
    const Tensor x = x_in.contiguous();
    const T* px = x.data<T>();
    T* po = out.data<T>();
    const T inv = T(1) / static_cast<T>(g.kernel.h * g.kernel.w);
    parallel_for(s.planes, std::max<int64_t>(1, kParallelGrain / (s.h * s.w)), [&](int64_t lo, int64_t hi) {
      for (int64_t p = lo; p < hi; ++p)
        for (int64_t y = 0; y < s.oh; ++y)
          for (int64_t xo = 0; xo < s.ow; ++xo) {
            T sum = 0;
            for (int64_t ki = 0; ki < g.kernel.h; ++ki) {
              const int64_t iy = y * g.stride.h - g.padding.h + ki;
              if (iy < 0 || iy >= s.h) continue;
              for (int64_t kj = 0; kj < g.kernel.w; ++kj) {
                const int64_t ix = xo * g.stride.w - g.padding.w + kj;
                if (ix >= 0 && ix < s.w) sum += px[(p * s.h + iy) * s.w + ix];
              }
            }
            po[(p * s.oh + y) * s.ow + xo] = sum * inv;
          }
    });
  });
  return out;
}

Tensor avg_pool2d_backward(const Tensor& grad_out, const Shape& input_shape, const Pool2dGeometry& g) {
  const PoolShape s = pool_shape(input_shape, g, "avg_pool2d_backward");
  Tensor dx = Tensor::zeros(input_shape, grad_out.dtype());
  visit_float(grad_out, "avg_pool2d_backward", [&]<class T>() {
    const Tensor go = grad_out.contiguous();
    const T* pg = go.data<T>();
    T* pdx = dx.data<T>();
    const T inv = T(1) / static_cast<T>(g.kernel.h * g.kernel.w);
    parallel_for(s.planes, std::max<int64_t>(1, kParallelGrain / (s.h * s.w)), [&](int64_t lo, int64_t hi) {
      for (int64_t p = lo; p < hi; ++p)
        for (int64_t y = 0; y < s.oh; ++y)
          for (int64_t xo = 0; xo < s.ow; ++xo) {
            const T v = pg[(p * s.oh + y) * s.ow + xo] * inv;
            for (int64_t ki = 0; ki < g.kernel.h; ++ki) {
              const int64_t iy = y * g.stride.h - g.padding.h + ki;
              if (iy < 0 || iy >= s.h) continue;
              for (int64_t kj = 0; kj < g.kernel.w; ++kj) {
                const int64_t ix = xo * g.stride.w - g.padding.w + kj;
                if (ix >= 0 && ix < s.w) pdx[(p * s.h + iy) * s.w + ix] += v;
              }
            }
          }
    });
  });
  return dx;
}

}  // namespace nabla::kernels
