// Elementwise kernels: unary maps, broadcasting binary ops, where and clamp.
#include <cmath>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <type_traits>

#include <nabla/tensor/kernels.h>
#include <nabla/tensor/memory_format.h>

#include "dispatch.h"
#include "strided_loop.h"

namespace nabla::kernels {
namespace {

// Strides of t seen as broadcast to `shape`: 0 where t has size 1 or lacks the dimension.
Shape broadcast_strides(const Tensor& t, const Shape& shape) {
  Shape st(shape.size(), 0);
  const std::size_t lead = shape.size() - t.shape().size();
  for (std::size_t i = 0; i < t.shape().size(); ++i)
    st[lead + i] = t.shape()[i] == 1 ? 0 : t.strides()[i];
  return st;
}

template <class T, class F>
void map_contiguous(const T* x, T* out, int64_t n, F f) {
  parallel_for(n, kParallelGrain, [&](int64_t b, int64_t e) {
#pragma omp simd
    for (int64_t i = b; i < e; ++i) out[i] = f(x[i]);
  });
}

template <class T>
T stable_softplus(T x) {
  // log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large |x|.
  return std::max(x, T(0)) + std::log1p(std::exp(-std::abs(x)));
}

template <class T>
T stable_sigmoid(T x) {
  if (x >= 0) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

// neg, abs and sign on int64 (as in PyTorch); negation wraps like PyTorch's rather than overflowing.
void unary_integer(Unary op, const int64_t* x, int64_t* o, int64_t n) {
  switch (op) {
    case Unary::neg:
      return map_contiguous(x, o, n, [](int64_t v) { return static_cast<int64_t>(0 - static_cast<uint64_t>(v)); });
    case Unary::abs:
      return map_contiguous(x, o, n, [](int64_t v) { return v < 0 ? static_cast<int64_t>(0 - static_cast<uint64_t>(v)) : v; });
    case Unary::sign: return map_contiguous(x, o, n, [](int64_t v) { return int64_t{(v > 0) - (v < 0)}; });
    default: throw std::logic_error("unary_integer: not an integer op");
  }
}

const char* unary_name(Unary op) {
  static const char* names[] = {"neg", "exp", "log", "sqrt", "abs", "sign", "relu", "sigmoid", "tanh", "softplus",
                                "sin", "cos"};
  return names[static_cast<int>(op)];
}

bool integer_unary(Unary op) { return op == Unary::neg || op == Unary::abs || op == Unary::sign; }

template <class T>
void unary_typed(Unary op, const T* x, T* o, int64_t n) {
  switch (op) {
    case Unary::neg: return map_contiguous(x, o, n, [](T v) { return -v; });
    case Unary::exp: return map_contiguous(x, o, n, [](T v) { return std::exp(v); });
    case Unary::log: return map_contiguous(x, o, n, [](T v) { return std::log(v); });
    case Unary::sqrt: return map_contiguous(x, o, n, [](T v) { return std::sqrt(v); });
    case Unary::abs: return map_contiguous(x, o, n, [](T v) { return std::abs(v); });
    case Unary::sign: return map_contiguous(x, o, n, [](T v) { return T((v > 0) - (v < 0)); });
    case Unary::relu: return map_contiguous(x, o, n, [](T v) { return v < 0 ? T(0) : v; });  // NaN stays, as in PyTorch
    case Unary::sigmoid: return map_contiguous(x, o, n, [](T v) { return stable_sigmoid(v); });
    case Unary::tanh: return map_contiguous(x, o, n, [](T v) { return std::tanh(v); });
    case Unary::softplus: return map_contiguous(x, o, n, [](T v) { return stable_softplus(v); });
    case Unary::sin: return map_contiguous(x, o, n, [](T v) { return std::sin(v); });
    case Unary::cos: return map_contiguous(x, o, n, [](T v) { return std::cos(v); });
  }
}

// Runs f over the broadcast of a and b into out (of the broadcast shape, contiguous or channels-last).
template <class T, class F>
void binary_map(const Tensor& a, const Tensor& b, Tensor& out, F f) {
  const T* pa = a.data<T>();
  const T* pb = b.data<T>();
  T* po = out.data<T>();
  const int64_t n = out.numel();
  const bool ca = a.is_contiguous(), cb = b.is_contiguous();
  // x and out share one dense layout (both contiguous, or both channels-last): they map as flat buffers.
  const auto flat_with_out = [&out](const Tensor& x) {
    return (x.is_contiguous() && out.is_contiguous()) || (is_channels_last(x) && is_channels_last(out));
  };
  if (a.shape() == b.shape() && flat_with_out(a) && flat_with_out(b)) {
    parallel_for(n, kParallelGrain, [&](int64_t lo, int64_t hi) {
#pragma omp simd
      for (int64_t i = lo; i < hi; ++i) po[i] = f(pa[i], pb[i]);
    });
  } else if (cb && b.numel() == 1 && a.numel() == n && flat_with_out(a)) {
    const T s = *pb;
    parallel_for(n, kParallelGrain, [&](int64_t lo, int64_t hi) {
#pragma omp simd
      for (int64_t i = lo; i < hi; ++i) po[i] = f(pa[i], s);
    });
  } else if (ca && a.numel() == 1 && b.numel() == n && flat_with_out(b)) {
    const T s = *pa;
    parallel_for(n, kParallelGrain, [&](int64_t lo, int64_t hi) {
#pragma omp simd
      for (int64_t i = lo; i < hi; ++i) po[i] = f(s, pb[i]);
    });
  } else {
    Shape sa = broadcast_strides(a, out.shape()), sb = broadcast_strides(b, out.shape());
    Shape so = out.strides(), shape = out.shape();
    if (is_channels_last(out))  // rows along the channels, so that the output is written contiguously
      for (Shape* s : {&sa, &sb, &so, &shape}) *s = in_nhwc_order(*s);
    strided_rows<3>(shape, {&so, &sa, &sb}, n >= kParallelGrain, [&](auto& off, int64_t len, auto& st) {
      T* o = po + off[0];
      const T* x = pa + off[1];
      const T* y = pb + off[2];
      if (st[0] == 1 && st[1] == 1 && st[2] == 1) {
#pragma omp simd
        for (int64_t i = 0; i < len; ++i) o[i] = f(x[i], y[i]);
      } else if (st[0] == 1 && st[1] == 1 && st[2] == 0) {
        const T v = *y;
#pragma omp simd
        for (int64_t i = 0; i < len; ++i) o[i] = f(x[i], v);
      } else {
        for (int64_t i = 0; i < len; ++i) o[i * st[0]] = f(x[i * st[1]], y[i * st[2]]);
      }
    });
  }
}

// x op y; on integers it wraps around like PyTorch's int64 arithmetic (computed unsigned, where
// overflow is defined).
template <class T, class Op>
T arithmetic(T x, T y, Op op) {
  if constexpr (std::is_integral_v<T>)
    return static_cast<T>(op(static_cast<uint64_t>(x), static_cast<uint64_t>(y)));
  else
    return op(x, y);
}

template <class T>
void binary_typed(Binary op, const Tensor& a, const Tensor& b, Tensor& out) {
  switch (op) {
    case Binary::add: return binary_map<T>(a, b, out, [](T x, T y) { return arithmetic(x, y, std::plus<>()); });
    case Binary::sub: return binary_map<T>(a, b, out, [](T x, T y) { return arithmetic(x, y, std::minus<>()); });
    case Binary::mul: return binary_map<T>(a, b, out, [](T x, T y) { return arithmetic(x, y, std::multiplies<>()); });
    case Binary::div: return binary_map<T>(a, b, out, [](T x, T y) { return x / y; });
    case Binary::pow: return binary_map<T>(a, b, out, [](T x, T y) { return static_cast<T>(std::pow(x, y)); });
    case Binary::minimum: return binary_map<T>(a, b, out, [](T x, T y) { return y < x ? y : x; });
    case Binary::maximum: return binary_map<T>(a, b, out, [](T x, T y) { return y > x ? y : x; });
    case Binary::eq: return binary_map<T>(a, b, out, [](T x, T y) { return T(x == y); });
    case Binary::ne: return binary_map<T>(a, b, out, [](T x, T y) { return T(x != y); });
    case Binary::lt: return binary_map<T>(a, b, out, [](T x, T y) { return T(x < y); });
    case Binary::le: return binary_map<T>(a, b, out, [](T x, T y) { return T(x <= y); });
    case Binary::gt: return binary_map<T>(a, b, out, [](T x, T y) { return T(x > y); });
    case Binary::ge: return binary_map<T>(a, b, out, [](T x, T y) { return T(x >= y); });
    case Binary::zero_where_nonpositive: return binary_map<T>(a, b, out, [](T x, T y) { return y <= 0 ? T(0) : x; });
    case Binary::add_relu:
      return binary_map<T>(a, b, out, [](T x, T y) {
        const T s = arithmetic(x, y, std::plus<>());
        return s < 0 ? T(0) : s;
      });
  }
}

const char* binary_name(Binary op) {
  static const char* names[] = {"add", "sub", "mul", "div", "pow", "minimum", "maximum",
                                "eq",  "ne",  "lt",  "le",  "gt",  "ge", "zero_where_nonpositive", "add_relu"};
  return names[static_cast<int>(op)];
}

// div would truncate where PyTorch divides truly, and pow is not needed on integers: both stay float-only.
bool integer_binary(Binary op) { return op != Binary::div && op != Binary::pow; }

// Runs f.template operator()<T>() for float32, float64, and int64 when the op allows integers.
template <class F>
void visit_op_dtype(const Tensor& t, const char* op, bool integers_allowed, F&& f) {
  if (t.dtype() != DType::i64) return visit_float(t, op, f);
  check_cpu(t.device(), op);
  if (!integers_allowed)
    throw std::invalid_argument(std::string(op) + ": needs a floating tensor, got " + t.describe() +
                                " (convert with .to(DType::f32))");
  f.template operator()<int64_t>();
}

}  // namespace

Tensor unary(Unary op, const Tensor& x) {
  Tensor out;
  visit_op_dtype(x, unary_name(op), integer_unary(op), [&]<class T>() {
    // A channels-last x maps over its buffer as it lies, into an output laid out alike.
    const Tensor c = is_channels_last(x) ? x : x.contiguous();
    out = empty_like_layout(c);
    if constexpr (std::is_integral_v<T>)
      unary_integer(op, c.data<T>(), out.data<T>(), out.numel());
    else
      unary_typed<T>(op, c.data<T>(), out.data<T>(), out.numel());
  });
  return out;
}

Tensor binary(Binary op, const Tensor& a, const Tensor& b) {
  const char* name = binary_name(op);
  check_same_dtype(a, b, name);
  const Shape shape = broadcast_shapes(a.shape(), b.shape(), name);
  // Channels-last operands give a channels-last result, as in PyTorch, so that a chain of convolutions,
  // batch norms and residual adds stays in that layout.
  const Tensor& like = is_channels_last(a) && a.shape() == shape ? a : b;
  Tensor out = like.shape() == shape ? empty_like_layout(like) : Tensor::empty(shape, a.dtype());
  visit_op_dtype(a, name, integer_binary(op), [&]<class T>() { binary_typed<T>(op, a, b, out); });
  return out;
}

Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b) {
  check_same_dtype(a, b, "where");
  check_same_dtype(cond, a, "where");
  const Shape shape = broadcast_shapes(broadcast_shapes(cond.shape(), a.shape(), "where"), b.shape(), "where");
  // where(c, a, b) = b + c * (a - b) would lose exactness and propagate NaN from the unselected side;
  // select directly on the broadcast operands instead.
  Tensor out = Tensor::empty(shape, a.dtype());
  visit_op_dtype(a, "where", true, [&]<class T>() {
    const Shape sc = broadcast_strides(cond, shape), sa = broadcast_strides(a, shape),
                sb = broadcast_strides(b, shape), so = out.strides();
    const T *pc = cond.data<T>(), *pa = a.data<T>(), *pb = b.data<T>();
    T* po = out.data<T>();
    strided_rows<4>(shape, {&so, &sc, &sa, &sb}, false, [&](auto& off, int64_t n, auto& st) {
      for (int64_t i = 0; i < n; ++i)
        po[off[0] + i * st[0]] =
            pc[off[1] + i * st[1]] != T(0) ? pa[off[2] + i * st[2]] : pb[off[3] + i * st[3]];
    });
  });
  return out;
}

Tensor clamp(const Tensor& x, double lo, double hi) {
  if (lo > hi) throw std::invalid_argument("clamp: min " + std::to_string(lo) + " > max " + std::to_string(hi));
  Tensor out;
  visit_float(x, "clamp", [&]<class T>() {
    const Tensor c = x.contiguous();
    out = Tensor::empty(x.shape(), x.dtype());
    const T l = static_cast<T>(lo), h = static_cast<T>(hi);
    map_contiguous(c.data<T>(), out.data<T>(), out.numel(), [l, h](T v) { return v < l ? l : (v > h ? h : v); });
  });
  return out;
}

}  // namespace nabla::kernels
