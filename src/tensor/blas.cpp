// GEMM through OpenBLAS, kept single-threaded, with the work split over nabla's OpenMP threads.
#include "blas.h"

#include <cblas.h>

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
  blas_single_threaded();
  const auto opa = ta ? CblasTrans : CblasNoTrans, opb = tb ? CblasTrans : CblasNoTrans;
  if constexpr (std::is_same_v<T, float>)
    cblas_sgemm(CblasRowMajor, opa, opb, m, n, k, 1.0f, a, lda, b, ldb, beta, c, ldc);
  else
    cblas_dgemm(CblasRowMajor, opa, opb, m, n, k, 1.0, a, lda, b, ldb, beta, c, ldc);
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
