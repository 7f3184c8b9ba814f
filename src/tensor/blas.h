// GEMM (oneDNN for float32, OpenBLAS for float64), threaded by nabla itself: each call runs single-threaded
// on a chunk of rows (or columns) split statically over the OpenMP threads, so one pool serves all kernels.
#pragma once
#include <cstdint>

namespace nabla {

// c (m x n, row-major, ldc) = op(a) (m x k) @ op(b) (k x n); op transposes when the flag is set.
// Runs on the calling thread only.
template <class T>
void gemm_serial(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b,
                 int64_t ldb, T* c, int64_t ldc, T beta = T(0));

// The same product split over threads when it is large enough to pay for them.
template <class T>
void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb,
          T* c, int64_t ldc);

}  // namespace nabla
