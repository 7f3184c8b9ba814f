// Reductions along axes (sum, mean, max, min), argmax, softmax and one-hot encoding.
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include <nabla/tensor/kernels.h>

#include "dispatch.h"
#include "strided_loop.h"

namespace nabla::kernels {
namespace {

// What sums accumulate in: double for floats; uint64 for int64, which wraps around on overflow as
// PyTorch's int64 sums do (signed overflow would be undefined).
template <class T>
using SumAcc = std::conditional_t<std::is_integral_v<T>, uint64_t, double>;

template <class T>
SumAcc<T> sum_run(const T* p, int64_t n) {
  SumAcc<T> s = 0;
#pragma omp simd reduction(+ : s)
  for (int64_t i = 0; i < n; ++i) s += static_cast<SumAcc<T>>(p[i]);
  return s;
}

// Whether v replaces the running extreme m: a NaN always wins, as in PyTorch.
template <class T>
bool beats(Reduce op, T v, T m) {
  if constexpr (std::is_floating_point_v<T>)
    if (std::isnan(v)) return true;
  return op == Reduce::max ? v > m : v < m;
}

template <class T>
T extreme_run(Reduce op, const T* p, int64_t n) {
  T m = p[0];
  for (int64_t i = 1; i < n; ++i) m = beats(op, p[i], m) ? p[i] : m;
  return m;
}

// The output value of a sum or mean from its accumulated sum (int64 means never get here: see reduce()).
template <class T>
T finish_sum(Reduce op, SumAcc<T> s, int64_t count) {
  if constexpr (std::is_floating_point_v<T>)
    if (op == Reduce::mean) return static_cast<T>(s / static_cast<double>(count));
  return static_cast<T>(s);
}

template <class T>
T reduce_run(Reduce op, const T* p, int64_t n) {
  return op == Reduce::sum || op == Reduce::mean ? finish_sum<T>(op, sum_run(p, n), n) : extreme_run(op, p, n);
}

// All of x into one value; large sums are computed in per-thread chunks combined in a fixed order.
template <class T>
T reduce_all(Reduce op, const T* p, int64_t n) {
  if (op == Reduce::max || op == Reduce::min || n < 4 * kParallelGrain) return reduce_run(op, p, n);
  const int chunks = omp_get_max_threads();
  std::vector<SumAcc<T>> partial(chunks, 0);
  const int64_t size = (n + chunks - 1) / chunks;
  parallel_for(chunks, 1, [&](int64_t b, int64_t e) {
    for (int64_t c = b; c < e; ++c) {
      const int64_t lo = c * size, hi = std::min(n, lo + size);
      if (lo < hi) partial[c] = sum_run(p + lo, hi - lo);
    }
  });
  SumAcc<T> s = 0;
  for (SumAcc<T> v : partial) s += v;
  return finish_sum<T>(op, s, n);
}

// A sum over no elements is 0, a mean 0/0 = NaN (as PyTorch's); max and min refuse them.
double empty_reduction(Reduce op) { return op == Reduce::mean ? std::numeric_limits<double>::quiet_NaN() : 0.0; }

const char* reduce_name(Reduce op) {
  static const char* names[] = {"sum", "mean", "max", "min"};
  return names[static_cast<int>(op)];
}

// Runs f.template operator()<T>() for the floating dtypes, and for int64 (every reduction but mean,
// which reduce() computes as a float32 from the int64 sum).
template <class F>
void visit_reduce_dtype(const Tensor& x, const char* name, F&& f) {
  if (x.dtype() != DType::i64) return visit_float(x, name, f);
  check_cpu(x.device(), name);
  f.template operator()<int64_t>();
}

// The general case: streams over x (contiguous) once, accumulating into the output each element maps to.
// Adjacent dims that are both reduced or both kept are merged first, so that e.g. the bias gradient of
// a convolution, sum over (N, H, W) of (N, C, H, W), runs over rows of H·W.
template <class T>
void reduce_strided(Reduce op, const Shape& x_shape, const std::vector<bool>& reduced, int64_t count, const T* p,
                    T* po, int64_t outer) {
  Shape shape, in_reduced;
  for (std::size_t d = 0; d < x_shape.size(); ++d) {
    if (x_shape[d] == 1) continue;
    if (!shape.empty() && (in_reduced.back() != 0) == reduced[d])
      shape.back() *= x_shape[d];
    else
      shape.push_back(x_shape[d]), in_reduced.push_back(reduced[d]);
  }
  const bool is_sum = op == Reduce::sum || op == Reduce::mean;
  if (is_sum && shape.size() == 3 && in_reduced[0] && !in_reduced[1] && in_reduced[2]) {
    // (A, C, B) summed over A and B, e.g. a convolution's bias gradient: threads take whole outputs,
    // each summed in a fixed order, so the result does not depend on the thread count.
    const int64_t a_n = shape[0], c_n = shape[1], b_n = shape[2];
    parallel_for(c_n, std::max<int64_t>(1, kParallelGrain / (a_n * b_n)), [&](int64_t lo, int64_t hi) {
      for (int64_t ci = lo; ci < hi; ++ci) {
        SumAcc<T> total = 0;
        for (int64_t ai = 0; ai < a_n; ++ai) total += sum_run(p + (ai * c_n + ci) * b_n, b_n);
        po[ci] = finish_sum<T>(op, total, count);
      }
    });
    return;
  }
  const Shape in_strides = contiguous_strides(shape);
  Shape out_strides(shape.size(), 0);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1, acc = 1; d >= 0; --d)
    if (!in_reduced[d]) out_strides[d] = acc, acc *= shape[d];
  if (is_sum) {
    std::vector<SumAcc<T>> acc(outer, 0);
    strided_rows<2>(shape, {&in_strides, &out_strides}, false, [&](auto& off, int64_t n, auto& st) {
      const T* src = p + off[0];
      SumAcc<T>* dst = acc.data() + off[1];
      if (st[1] == 0) {
        *dst += sum_run(src, n);
        return;
      }
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) dst[i] += static_cast<SumAcc<T>>(src[i]);
    });
    for (int64_t i = 0; i < outer; ++i) po[i] = finish_sum<T>(op, acc[i], count);
    return;
  }
  std::vector<bool> seen(outer, false);
  strided_rows<2>(shape, {&in_strides, &out_strides}, false, [&](auto& off, int64_t n, auto& st) {
    for (int64_t i = 0; i < n; ++i) {
      const int64_t k = off[1] + i * st[1];
      if (!seen[k] || beats(op, p[off[0] + i], po[k])) po[k] = p[off[0] + i];
      seen[k] = true;
    }
  });
}

}  // namespace

Tensor reduce(Reduce op, const Tensor& x, std::span<const int64_t> dims, bool keepdim) {
  const char* name = reduce_name(op);
  if (op == Reduce::mean && x.dtype() == DType::i64) {
    // PyTorch refuses the mean of an integer tensor; nabla gives it in the default float dtype (as NumPy
    // gives its own), so that accuracy is mean(eq(predictions, labels)) without a cast.
    const Tensor total = reduce(Reduce::sum, x, dims, keepdim).to(DType::f64);
    const int64_t count = x.numel() / std::max<int64_t>(total.numel(), 1);  // elements per output
    return binary(Binary::div, total, Tensor::scalar(static_cast<double>(count), DType::f64)).to(DType::f32);
  }
  const int64_t rank = x.dim();
  std::vector<bool> reduced(rank, dims.empty());
  for (int64_t d : dims) {
    const int64_t nd = normalize_dim(d, rank, name);
    if (reduced[nd] && !dims.empty())
      throw std::invalid_argument(std::string(name) + ": dimension " + std::to_string(d) + " listed twice");
    reduced[nd] = true;
  }
  Shape kept = x.shape(), squeezed;
  int64_t count = 1;
  for (int64_t d = 0; d < rank; ++d) {
    if (reduced[d]) {
      count *= kept[d];
      kept[d] = 1;
    } else {
      squeezed.push_back(kept[d]);
    }
  }
  if (count == 0 && (op == Reduce::max || op == Reduce::min))
    throw std::invalid_argument(std::string(name) + ": empty reduction over " + x.describe());
  Tensor out = Tensor::empty(keepdim ? kept : squeezed, x.dtype());
  visit_reduce_dtype(x, name, [&]<class T>() {
    const Tensor c = x.contiguous();
    const T* p = c.data<T>();
    T* po = out.data<T>();
    const int64_t outer = out.numel();
    // Reduced dims form a suffix: each output is the reduction of one contiguous block.
    int64_t first_reduced = rank;
    while (first_reduced > 0 && reduced[first_reduced - 1]) --first_reduced;
    bool suffix = true;
    for (int64_t d = 0; d < first_reduced; ++d) suffix = suffix && !reduced[d];
    if (suffix && outer == 1) {
      po[0] = count ? reduce_all(op, p, count) : static_cast<T>(empty_reduction(op));
    } else if (suffix) {
      parallel_for(outer, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(count, 1)),
                   [&](int64_t b, int64_t e) {
                     for (int64_t i = b; i < e; ++i)
                       po[i] = count ? reduce_run(op, p + i * count, count) : static_cast<T>(empty_reduction(op));
                   });
    } else {
      reduce_strided(op, x.shape(), reduced, count, p, po, outer);
    }
  });
  return out;
}

Tensor argmax(const Tensor& x, int64_t dim, bool keepdim) {
  const int64_t d = normalize_dim(dim, x.dim(), "argmax");
  Shape kept = x.shape(), squeezed;
  const int64_t n = kept[d];
  if (n == 0) throw std::invalid_argument("argmax: empty dimension in " + x.describe());
  kept[d] = 1;
  for (int64_t i = 0; i < x.dim(); ++i)
    if (i != d) squeezed.push_back(x.shape()[i]);
  Tensor out = Tensor::empty(keepdim ? kept : squeezed, DType::i64);
  visit_reduce_dtype(x, "argmax", [&]<class T>() {
    const Tensor c = x.contiguous();
    const T* p = c.data<T>();
    int64_t* po = out.data<int64_t>();
    const int64_t inner = c.strides()[d];
    const int64_t outer = c.numel() / (n * inner);
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i) {
        const T* base = p + o * n * inner + i;
        int64_t best = 0;
        for (int64_t k = 1; k < n; ++k)
          if (base[k * inner] > base[best * inner]) best = k;
        po[o * inner + i] = best;
      }
  });
  return out;
}

Tensor softmax(const Tensor& x, int64_t dim, bool log) {
  const int64_t d = normalize_dim(dim, x.dim(), log ? "log_softmax" : "softmax");
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  visit_float(x, "softmax", [&]<class T>() {
    const Tensor c = x.contiguous();
    const int64_t n = x.dim() ? x.shape()[d] : 1;
    const int64_t inner = x.dim() ? c.strides()[d] : 1;
    const int64_t outer = n * inner != 0 ? c.numel() / (n * inner) : 0;
    const T* p = c.data<T>();
    T* po = out.data<T>();
    parallel_for(outer * inner, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1)),
                 [&](int64_t b, int64_t e) {
                   for (int64_t r = b; r < e; ++r) {
                     const int64_t base = (r / inner) * n * inner + r % inner;
                     T m = p[base];
                     for (int64_t k = 1; k < n; ++k) m = std::max(m, p[base + k * inner]);
                     double s = 0;
                     for (int64_t k = 0; k < n; ++k) s += std::exp(static_cast<double>(p[base + k * inner] - m));
                     // (x − m) − log Σ e^(x − m): never forms log-sum-exp itself, which would round at |m|.
                     const T log_s = static_cast<T>(std::log(s));
                     for (int64_t k = 0; k < n; ++k) {
                       const T v = (p[base + k * inner] - m) - log_s;
                       po[base + k * inner] = log ? v : std::exp(v);
                     }
                   }
                 });
  });
  return out;
}

Tensor one_hot(const Tensor& labels, int64_t classes, DType dtype) {
  if (labels.dtype() != DType::i64 || labels.dim() != 1)
    throw std::invalid_argument("one_hot: labels must be int64 of shape [N], got " + labels.describe());
  const std::vector<int64_t> l = labels.to_vector<int64_t>();
  Tensor out = Tensor::zeros({static_cast<int64_t>(l.size()), classes}, dtype);
  visit_dtype(dtype, [&]<class T>() {
    T* p = out.data<T>();
    for (std::size_t i = 0; i < l.size(); ++i) {
      if (l[i] < 0 || l[i] >= classes)
        throw std::invalid_argument("one_hot: label " + std::to_string(l[i]) + " at index " + std::to_string(i) +
                                    " is outside [0, " + std::to_string(classes) + ")");
      p[i * classes + l[i]] = T(1);
    }
  });
  return out;
}

}  // namespace nabla::kernels
