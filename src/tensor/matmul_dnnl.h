// Mixed-precision matrix products through oneDNN's matmul primitive: bfloat16 operands, float32 results.
#pragma once
#include <cstdint>

namespace nabla::kernels {

// c (m, n, rows ldc apart) = op(a) · op(b), op(a) (m, k) and op(b) (k, n) read from float32 buffers with
// leading dimensions lda and ldb (transposed when ta / tb), rounded to bfloat16, products accumulated in
// float32. Returns false, writing nothing, where oneDNN has no primitive for it. Requires: a CPU with
// bfloat16 instructions (cpu_has_bf16()), not called inside an OpenMP parallel region.
[[nodiscard]] bool dnnl_matmul_bf16(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
                                    const float* b, int64_t ldb, float* c, int64_t ldc);

}  // namespace nabla::kernels
