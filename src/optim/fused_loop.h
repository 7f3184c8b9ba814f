// fused_for: the loop every optimizer update runs, once per parameter tensor: SIMD-vectorised, and
// split over the OpenMP threads when the tensor is large enough to pay for waking them.
#pragma once
#include <cstdint>

#include <nabla/tensor/tensor.h>

namespace nabla::optim {

// Below this many elements one thread streams the tensor faster than a team can be woken.
inline constexpr int64_t kParallelElements = int64_t{1} << 16;

// Calls body(i) for i in [0, n); the iterations must be independent (each touches element i only).
template <class Body>
inline void fused_for(int64_t n, Body body) {
#pragma omp parallel for simd schedule(static) if (parallel : n > kParallelElements)
  for (int64_t i = 0; i < n; ++i) body(i);
}

// Calls f.template operator()<T>() with T = float or double, p's element type (the optimizer base
// admits no other parameter dtype).
template <class F>
inline void visit_param_type(const Tensor& p, F&& f) {
  if (p.dtype() == DType::f32)
    f.template operator()<float>();
  else
    f.template operator()<double>();
}

}  // namespace nabla::optim
