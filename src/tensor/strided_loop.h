// Loops over strided tensors one innermost row at a time: callers get the row's start offsets, its
// length and the innermost strides, so the inner loop is a plain (often vectorised) loop.
#pragma once
#include <array>
#include <cstdint>

#include <nabla/tensor/shape.h>

#include "parallel.h"

namespace nabla {

// Merges adjacent dimensions that every tensor steps through as one (stride of the outer = stride of the inner
// times its size), so that rows are as long as the memory allows: a channels-last copy walked in (N, H, W, C)
// order is then one row, not N·H·W rows of C values.
template <std::size_t K>
void coalesce_dims(Shape& shape, std::array<Shape, K>& strides) {
  std::size_t out = 0;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    bool merge = out > 0;
    for (std::size_t k = 0; k < K && merge; ++k) merge = strides[k][out - 1] == strides[k][d] * shape[d];
    if (merge) {
      shape[out - 1] *= shape[d];
      for (std::size_t k = 0; k < K; ++k) strides[k][out - 1] = strides[k][d];
    } else {
      shape[out] = shape[d];
      for (std::size_t k = 0; k < K; ++k) strides[k][out] = strides[k][d];
      ++out;
    }
  }
  shape.resize(out);
  for (std::size_t k = 0; k < K; ++k) strides[k].resize(out);
}

// Calls fn(offsets[0..K), n, inner_strides[0..K)) for every row of `shape` for K tensors with the given
// strides, after merging the dimensions that allow it (coalesce_dims). Rows are split statically over threads
// when `parallel` and the tensor is large.
template <std::size_t K, class F>
void strided_rows(const Shape& shape_in, const std::array<const Shape*, K>& strides_in, bool parallel, F&& fn) {
  Shape shape = shape_in;
  std::array<Shape, K> merged;
  for (std::size_t k = 0; k < K; ++k) merged[k] = *strides_in[k];
  if (shape_numel(shape) > 0) coalesce_dims<K>(shape, merged);
  std::array<const Shape*, K> strides;
  for (std::size_t k = 0; k < K; ++k) strides[k] = &merged[k];
  const int64_t rank = static_cast<int64_t>(shape.size());
  if (rank == 0) {
    std::array<int64_t, K> off{}, st{};
    fn(off, int64_t{1}, st);
    return;
  }
  const int64_t n = shape[rank - 1];
  std::array<int64_t, K> inner{};
  for (std::size_t k = 0; k < K; ++k) inner[k] = (*strides[k])[rank - 1];
  const int64_t rows = n == 0 ? 0 : shape_numel(shape) / n;
  auto run = [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      std::array<int64_t, K> off{};
      int64_t rem = r;
      for (int64_t d = rank - 2; d >= 0; --d) {
        const int64_t i = rem % shape[d];
        rem /= shape[d];
        for (std::size_t k = 0; k < K; ++k) off[k] += i * (*strides[k])[d];
      }
      fn(off, n, inner);
    }
  };
  if (parallel)
    parallel_for(rows, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1)), run);
  else
    run(0, rows);
}

template <class F>
void strided_loop1(const Shape& shape, const Shape& s0, F&& fn) {
  strided_rows<1>(shape, {&s0}, false, [&](auto& o, int64_t n, auto& s) { fn(o[0], n, s[0]); });
}

template <class F>
void strided_loop2(const Shape& shape, const Shape& s0, const Shape& s1, F&& fn) {
  strided_rows<2>(shape, {&s0, &s1}, false,
                  [&](auto& o, int64_t n, auto& s) { fn(o[0], o[1], n, s[0], s[1]); });
}

}  // namespace nabla
