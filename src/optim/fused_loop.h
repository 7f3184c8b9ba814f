// fused_for: the loop every optimizer update runs, once per parameter tensor. Whole SIMD packs
// (std::experimental::simd, so that the square roots vectorise too: GCC keeps std::sqrt scalar for
// errno unless built with -fno-math-errno), split over the OpenMP threads when the tensor is large
// enough to pay for waking them, then a scalar tail. Packs and tail do the same IEEE operations, so
// results depend neither on the thread count nor on where a tensor's tail begins.
#pragma once
#include <cmath>
#include <cstdint>
#include <experimental/simd>
#include <type_traits>

#include <nabla/tensor/tensor.h>

namespace nabla::optim {

namespace stdx = std::experimental;

// The widest pack of T the target has (16 floats with AVX-512).
template <class T>
using Pack = stdx::native_simd<T>;

// Below this many elements one thread streams the tensor faster than a team can be woken.
inline constexpr int64_t kParallelElements = int64_t{1} << 16;

// Reads or writes one V (a scalar T or a Pack<T>) at ptr.
template <class V, class T>
inline V load(const T* ptr) {
  if constexpr (std::is_same_v<V, T>)
    return *ptr;
  else
    return V(ptr, stdx::element_aligned);
}
template <class V, class T>
inline void store(T* ptr, const V& v) {
  if constexpr (std::is_same_v<V, T>)
    *ptr = v;
  else
    v.copy_to(ptr, stdx::element_aligned);
}

// √x, elementwise for packs. GCC 12 wrongly flags the undefined pass-through operand of its
// AVX-512 square root as (maybe-)uninitialised (GCC bug 105593, fixed in 13; "maybe" at -O2, plain at
// -O1); the warnings are off here only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
template <class V>
inline V root(const V& x) {
  if constexpr (std::is_floating_point_v<V>)
    return std::sqrt(x);
  else
    return stdx::sqrt(x);
}
#pragma GCC diagnostic pop

// a < b ? b : a, elementwise for packs.
template <class V>
inline V larger(const V& a, const V& b) {
  if constexpr (std::is_floating_point_v<V>) {
    return a < b ? b : a;
  } else {
    // Element by element, not stdx::where(a < b, r) = b: built by clang 14 against libstdc++ 12's simd
    // for an AVX-512 CPU (-march=native), that masked assignment gave wrong maxima (AMSGrad's parity
    // test failed in that build only; GCC's build and AVX2 builds were right).
    V r = a;
    for (std::size_t j = 0; j < V::size(); ++j)
      if (a[j] < b[j]) r[j] = b[j];
    return r;
  }
}

// Calls body.template operator()<V>(i) with V = Pack<T> at i = 0, W, 2W, … over the whole packs of
// [0, n), then with V = T at each remaining i. A call may touch elements [i, i + width of V) only.
template <class T, class Body>
inline void fused_for(int64_t n, Body body) {
  constexpr auto width = static_cast<int64_t>(Pack<T>::size());
  const int64_t packs = n / width;
#pragma omp parallel for schedule(static) if (n > kParallelElements)
  for (int64_t k = 0; k < packs; ++k) body.template operator()<Pack<T>>(k * width);
  for (int64_t i = packs * width; i < n; ++i) body.template operator()<T>(i);
}

// Calls f(std::bool_constant<b>{}…) for the runtime flags b…, so that `if constexpr` on them inside an
// update compiles each combination into its own straight loop (no per-element branches or masks).
template <class F>
inline void with_flags(F&& f) {
  f();
}
template <class F, class... Flags>
inline void with_flags(F&& f, bool flag, Flags... rest) {
  if (flag)
    with_flags([&](auto... later) { f(std::true_type{}, later...); }, rest...);
  else
    with_flags([&](auto... later) { f(std::false_type{}, later...); }, rest...);
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
