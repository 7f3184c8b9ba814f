// GEMM: float32 through oneDNN's JIT sgemm, float64 through OpenBLAS; both run single-threaded inside
// the chunks that nabla splits over its OpenMP threads.
//
// Why oneDNN for float32: OpenBLAS 0.3.21 does not recognise these (virtualised AVX-512) processors and
// falls back to its SSE3 "Prescott" kernels unless OPENBLAS_CORETYPE is set; oneDNN picks its kernels from
// cpuid. Measured single-threaded on (64×288)·(288×1568): oneDNN 149 GFLOP/s, OpenBLAS Prescott 29,
// Haswell 75, SkylakeX 82.
#include "blas.h"

#include <cblas.h>
#include <dnnl.h>

#include <stdexcept>

#include <type_traits>

#include "parallel.h"

namespace nabla {
namespace {

// OpenBLAS's own pthreads would fight the OpenMP threads for the same cores; nabla threads GEMM itself.
void blas_single_threaded() {
  static const bool done = [] {
    openblas_set_num_threads(1);
    return true;
  }();
  (void)done;
}

}  // namespace

template <class T>
void gemm_serial(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b,
                 int64_t ldb, T* c, int64_t ldc, T beta) {
  if constexpr (std::is_same_v<T, float>) {
    // Inside a parallel region oneDNN runs on the calling thread; outside one it would use every thread.
    if (dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, 1.0f, a, lda, b, ldb, beta, c, ldc) != dnnl_success)
      throw std::runtime_error("matmul: oneDNN sgemm failed for " + std::to_string(m) + "x" + std::to_string(k) +
                               " @ " + std::to_string(k) + "x" + std::to_string(n));
  } else {
    blas_single_threaded();
    cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0, a, lda,
                b, ldb, beta, c, ldc);
  }
}

template <class T>
void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb,
          T* c, int64_t ldc) {
  // Below ~2 MFLOP a second thread costs more than it saves.
  constexpr int64_t kMinWorkPerThread = 1 << 20;
  const int64_t work = m * n * k;
  const int64_t grain_rows = std::max<int64_t>(16, kMinWorkPerThread / std::max<int64_t>(n * k, 1));
  const int64_t grain_cols = std::max<int64_t>(64, kMinWorkPerThread / std::max<int64_t>(m * k, 1));
  if (work < 2 * kMinWorkPerThread || omp_get_max_threads() == 1 || omp_in_parallel()) {
    gemm_serial(ta, tb, m, n, k, a, lda, b, ldb, c, ldc);
  } else if (m >= n) {
    // Rows of op(a) start at a + i*lda (not transposed) or a + i (transposed).
    parallel_for(m, grain_rows, [&](int64_t lo, int64_t hi) {
      gemm_serial(ta, tb, hi - lo, n, k, a + (ta ? lo : lo * lda), lda, b, ldb, c + lo * ldc, ldc);
    });
  } else {
    parallel_for(n, grain_cols, [&](int64_t lo, int64_t hi) {
      gemm_serial(ta, tb, m, hi - lo, k, a, lda, b + (tb ? lo * ldb : lo), ldb, c + lo, ldc);
    });
  }
}

template void gemm_serial<float>(bool, bool, int64_t, int64_t, int64_t, const float*, int64_t, const float*,
                                 int64_t, float*, int64_t, float);
template void gemm_serial<double>(bool, bool, int64_t, int64_t, int64_t, const double*, int64_t, const double*,
                                  int64_t, double*, int64_t, double);
template void gemm<float>(bool, bool, int64_t, int64_t, int64_t, const float*, int64_t, const float*, int64_t,
                          float*, int64_t);
template void gemm<double>(bool, bool, int64_t, int64_t, int64_t, const double*, int64_t, const double*, int64_t,
                           double*, int64_t);

}  // namespace nabla
