// Memory bandwidth references for the benchmarks: copy, STREAM triad and in-place axpy over float
// arrays, threaded like nabla's kernels. Each benchmark program registers them with its own sizes.
#pragma once
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

namespace nabla::bench {

// dst ← src: 8 bytes of traffic per float.
inline void BM_Copy(benchmark::State& state) {
  const int64_t n = state.range(0);
  std::vector<float> a(n), b(n, 1.f);
  for (auto _ : state) {
#pragma omp parallel for simd schedule(static)
    for (int64_t i = 0; i < n; ++i) a[i] = b[i];
    benchmark::DoNotOptimize(a.data());
  }
  state.SetBytesProcessed(state.iterations() * n * 8);
}

// a ← b + s·c (STREAM triad): 12 bytes per float.
inline void BM_Triad(benchmark::State& state) {
  const int64_t n = state.range(0);
  std::vector<float> a(n), b(n, 1.f), c(n, 2.f);
  for (auto _ : state) {
#pragma omp parallel for simd schedule(static)
    for (int64_t i = 0; i < n; ++i) a[i] = b[i] + 3.f * c[i];
    benchmark::DoNotOptimize(a.data());
  }
  state.SetBytesProcessed(state.iterations() * n * 12);
}

// a ← a + s·b in place: 12 bytes per float, and no write-allocate traffic (a is read first), as in an
// optimizer update.
inline void BM_Axpy(benchmark::State& state) {
  const int64_t n = state.range(0);
  std::vector<float> a(n, 1.f), b(n, 2.f);
  for (auto _ : state) {
#pragma omp parallel for simd schedule(static)
    for (int64_t i = 0; i < n; ++i) a[i] = a[i] + 1e-7f * b[i];
    benchmark::DoNotOptimize(a.data());
  }
  state.SetBytesProcessed(state.iterations() * n * 12);
}

}  // namespace nabla::bench
