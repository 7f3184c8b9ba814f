// Max and average pooling over 2-D windows, forward and backward, one (sample, channel) plane at a time.
#include <limits>
#include <stdexcept>

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
  if (g.kernel_h < 1 || g.kernel_w < 1 || g.stride_h < 1 || g.stride_w < 1 || g.pad_h < 0 || g.pad_w < 0 ||
      2 * g.pad_h > g.kernel_h || 2 * g.pad_w > g.kernel_w)
    throw std::invalid_argument(std::string(op) + ": kernel and stride must be >= 1, padding at most half the kernel");
  if (x[2] + 2 * g.pad_h < g.kernel_h || x[3] + 2 * g.pad_w < g.kernel_w)
    throw std::invalid_argument(std::string(op) + ": window " + std::to_string(g.kernel_h) + "x" +
                                std::to_string(g.kernel_w) + " larger than input " + shape_str(x));
  return {x[0] * x[1], x[2], x[3], (x[2] + 2 * g.pad_h - g.kernel_h) / g.stride_h + 1,
          (x[3] + 2 * g.pad_w - g.kernel_w) / g.stride_w + 1};
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

// One output row of 2×2, stride-2 pooling (the ConvNet's case): the four candidates of each window are
// compared with selects, so the loop vectorises over the row.
template <class T>
void max_pool_2x2_row(const T* r0, const T* r1, int64_t base, int64_t w, int64_t n, T* best, int64_t* arg) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) {
    const T a = r0[2 * i], b = r0[2 * i + 1], c = r1[2 * i], d = r1[2 * i + 1];
    const int64_t at = base + 2 * i;
    T m = a;
    int64_t k = at;
    bool take = (b > m) | (b != b);  // NaN wins, as in PyTorch
    m = take ? b : m;
    k = take ? at + 1 : k;
    take = (c > m) | (c != c);
    m = take ? c : m;
    k = take ? at + w : k;
    take = (d > m) | (d != d);
    m = take ? d : m;
    k = take ? at + w + 1 : k;
    best[i] = m;
    arg[i] = k;
  }
}

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
    const bool tiled = g.pad_h == 0 && g.pad_w == 0 && g.stride_h == g.kernel_h && g.stride_w == g.kernel_w;
    parallel_for(s.planes, std::max<int64_t>(1, kParallelGrain / (s.h * s.w)), [&](int64_t lo, int64_t hi) {
      for (int64_t p = lo; p < hi; ++p) {
        const T* plane = px + p * s.h * s.w;
        if (tiled && g.kernel_h == 2 && g.kernel_w == 2) {
          for (int64_t y = 0; y < s.oh; ++y)
            max_pool_2x2_row(plane + 2 * y * s.w, plane + (2 * y + 1) * s.w, 2 * y * s.w, s.w, s.ow,
                             po + (p * s.oh + y) * s.ow, pi + (p * s.oh + y) * s.ow);
          continue;
        }
        if (tiled) {
          // One output row at a time, one window offset (ki, kj) at a time: the inner loop over the row
          // has no branches (selects, not jumps, as the comparisons are coin tosses) and vectorises.
          for (int64_t y = 0; y < s.oh; ++y) {
            T* ob = po + (p * s.oh + y) * s.ow;
            int64_t* oi = pi + (p * s.oh + y) * s.ow;
            for (int64_t xo = 0; xo < s.ow; ++xo) {
              oi[xo] = y * g.kernel_h * s.w + xo * g.kernel_w;
              ob[xo] = plane[oi[xo]];
            }
            for (int64_t ki = 0; ki < g.kernel_h; ++ki)
              for (int64_t kj = ki == 0 ? 1 : 0; kj < g.kernel_w; ++kj) {
                max_into_row(plane, (y * g.kernel_h + ki) * s.w + kj, g.kernel_w, s.ow, ob, oi);
              }
          }
          continue;
        }
        for (int64_t y = 0; y < s.oh; ++y)
          for (int64_t xo = 0; xo < s.ow; ++xo) {
            T best = -std::numeric_limits<T>::infinity();
            int64_t arg = -1;
            for (int64_t ki = 0; ki < g.kernel_h; ++ki) {
              const int64_t iy = y * g.stride_h - g.pad_h + ki;
              if (iy < 0 || iy >= s.h) continue;
              for (int64_t kj = 0; kj < g.kernel_w; ++kj) {
                const int64_t ix = xo * g.stride_w - g.pad_w + kj;
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
  Tensor dx = Tensor::zeros(input_shape, grad_out.dtype());
  visit_float(grad_out, "max_pool2d_backward", [&]<class T>() {
    const Tensor go = grad_out.contiguous();
    const T* pg = go.data<T>();
    const int64_t* pi = indices.data<int64_t>();
    T* pdx = dx.data<T>();
    const int64_t planes = input_shape[0] * input_shape[1], in_plane = input_shape[2] * input_shape[3];
    const int64_t out_plane = grad_out.shape()[2] * grad_out.shape()[3];
    parallel_for(planes, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(in_plane, 1)),
                 [&](int64_t lo, int64_t hi) {
                   for (int64_t p = lo; p < hi; ++p)
                     for (int64_t o = 0; o < out_plane; ++o)
                       pdx[p * in_plane + pi[p * out_plane + o]] += pg[p * out_plane + o];
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
    const T inv = T(1) / static_cast<T>(g.kernel_h * g.kernel_w);
    parallel_for(s.planes, std::max<int64_t>(1, kParallelGrain / (s.h * s.w)), [&](int64_t lo, int64_t hi) {
      for (int64_t p = lo; p < hi; ++p)
        for (int64_t y = 0; y < s.oh; ++y)
          for (int64_t xo = 0; xo < s.ow; ++xo) {
            T sum = 0;
            for (int64_t ki = 0; ki < g.kernel_h; ++ki) {
              const int64_t iy = y * g.stride_h - g.pad_h + ki;
              if (iy < 0 || iy >= s.h) continue;
              for (int64_t kj = 0; kj < g.kernel_w; ++kj) {
                const int64_t ix = xo * g.stride_w - g.pad_w + kj;
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
    const T inv = T(1) / static_cast<T>(g.kernel_h * g.kernel_w);
    parallel_for(s.planes, std::max<int64_t>(1, kParallelGrain / (s.h * s.w)), [&](int64_t lo, int64_t hi) {
      for (int64_t p = lo; p < hi; ++p)
        for (int64_t y = 0; y < s.oh; ++y)
          for (int64_t xo = 0; xo < s.ow; ++xo) {
            const T v = pg[(p * s.oh + y) * s.ow + xo] * inv;
            for (int64_t ki = 0; ki < g.kernel_h; ++ki) {
              const int64_t iy = y * g.stride_h - g.pad_h + ki;
              if (iy < 0 || iy >= s.h) continue;
              for (int64_t kj = 0; kj < g.kernel_w; ++kj) {
                const int64_t ix = xo * g.stride_w - g.pad_w + kj;
                if (ix >= 0 && ix < s.w) pdx[(p * s.h + iy) * s.w + ix] += v;
              }
            }
          }
    });
  });
  return dx;
}

}  // namespace nabla::kernels
