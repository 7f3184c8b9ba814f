// Matrix products through the BLAS (cblas_sgemm / cblas_dgemm), batched with broadcasting; float32 in
// bf16 precision through oneDNN's bfloat16 matmul (matmul_dnnl.h).
#include <omp.h>

#include <stdexcept>
#include <type_traits>

#include <nabla/tensor/kernels.h>
#include <nabla/tensor/precision.h>

#include "blas.h"
#include "dispatch.h"
#include "matmul_dnnl.h"

namespace nabla::kernels {
namespace {

// A matrix operand as the BLAS sees it: base pointer offset, leading dimension, transposition.
struct BlasMatrix {
  Tensor t;            // storage holder (possibly a contiguous copy)
  bool trans = false;  // stored transposed relative to the logical (rows, cols)
  int64_t ld = 0;
};

// Views the last two dims of t (logical rows x cols) as a BLAS matrix without copying when possible.
BlasMatrix as_blas(const Tensor& t) {
  const int64_t r = t.dim();
  const int64_t rows = t.shape()[r - 2], cols = t.shape()[r - 1];
  const int64_t sr = t.strides()[r - 2], sc = t.strides()[r - 1];
  if ((sc == 1 || cols == 1) && sr >= std::max<int64_t>(cols, 1)) return {t, false, sr};
  if ((sr == 1 || rows == 1) && sc >= std::max<int64_t>(rows, 1)) return {t, true, sc};
  const Tensor c = t.contiguous();
  return {c, false, std::max<int64_t>(cols, 1)};
}

Tensor swap_last_two(const Tensor& t) {
  Shape s = t.shape(), st = t.strides();
  std::swap(s[s.size() - 1], s[s.size() - 2]);
  std::swap(st[st.size() - 1], st[st.size() - 2]);
  return t.as_strided(s, st, t.offset());
}

// One product c = op(a) · op(b) of the batch: float32 products in bf16 precision through oneDNN's bfloat16
// matmul where it has one, everything else through the GEMM.
template <class T>
void product(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb,
             T* c, int64_t ldc) {
  if constexpr (std::is_same_v<T, float>)
    if (compute_precision() == Precision::bf16 && !omp_in_parallel() &&
        dnnl_matmul_bf16(ta, tb, m, n, k, a, lda, b, ldb, c, ldc))
      return;
  gemm<T>(ta, tb, m, n, k, a, lda, b, ldb, c, ldc);
}

}  // namespace

Tensor matmul(const Tensor& a_in, const Tensor& b_in, bool transpose_a, bool transpose_b) {
  check_same_dtype(a_in, b_in, "matmul");
  if (a_in.dim() == 0 || b_in.dim() == 0)
    throw std::invalid_argument("matmul: " + shape_str(a_in.shape()) + " @ " + shape_str(b_in.shape()) +
                                ": operands must have at least one dimension");
  // 1-D operands: a is a row vector, b a column vector; their unit dimension is dropped from the result.
  const bool vec_a = a_in.dim() == 1, vec_b = b_in.dim() == 1;
  Tensor a = vec_a ? a_in.as_strided({1, a_in.shape()[0]}, {0, a_in.strides()[0]}, a_in.offset()) : a_in;
  Tensor b = vec_b ? b_in.as_strided({b_in.shape()[0], 1}, {b_in.strides()[0], 0}, b_in.offset()) : b_in;
  if (transpose_a && !vec_a) a = swap_last_two(a);
  if (transpose_b && !vec_b) b = swap_last_two(b);
  const int64_t m = a.shape()[a.dim() - 2], k = a.shape()[a.dim() - 1];
  const int64_t kb = b.shape()[b.dim() - 2], n = b.shape()[b.dim() - 1];
  if (k != kb)
    throw std::invalid_argument("matmul: " + shape_str(a_in.shape()) + (transpose_a ? "ᵀ" : "") + " @ " +
                                shape_str(b_in.shape()) + (transpose_b ? "ᵀ" : "") + ": inner sizes " +
                                std::to_string(k) + " != " + std::to_string(kb));
  const Shape batch_a(a.shape().begin(), a.shape().end() - 2), batch_b(b.shape().begin(), b.shape().end() - 2);
  const Shape batch = broadcast_shapes(batch_a, batch_b, "matmul");
  Shape out_shape = batch;
  if (!vec_a) out_shape.push_back(m);
  if (!vec_b) out_shape.push_back(n);
  Tensor out = Tensor::empty(out_shape, a.dtype());
  visit_float(a, "matmul", [&]<class T>() {
    T* po = out.data<T>();
    if (out.numel() == 0) return;
    if (k == 0) {
      out.fill_(0);
      return;
    }
    // (B, M, K) @ (K, N) with a contiguous: one GEMM of (B*M, K) @ (K, N).
    if (batch_b.empty() && a.is_contiguous() && !transpose_a) {
      const BlasMatrix mb = as_blas(b);
      product<T>(false, mb.trans, a.numel() / k, n, k, a.data<T>(), k, mb.t.data<T>(), mb.ld, po, n);
      return;
    }
    const int64_t count = shape_numel(batch);
    // Broadcast batch strides of each operand (in matrices of its own batch layout).
    auto batch_offsets = [&](const Tensor& t, const Shape& tb) {
      std::vector<int64_t> offs(count, 0);
      const std::size_t lead = batch.size() - tb.size();
      for (int64_t i = 0; i < count; ++i) {
        int64_t rem = i, off = 0;
        for (std::size_t d = batch.size(); d-- > 0;) {
          const int64_t idx = rem % batch[d];
          rem /= batch[d];
          if (d >= lead && tb[d - lead] != 1) off += idx * t.strides()[d - lead];
        }
        offs[i] = off;
      }
      return offs;
    };
    const std::vector<int64_t> oa = batch_offsets(a, batch_a), ob = batch_offsets(b, batch_b);
    const BlasMatrix ma = as_blas(a), mb = as_blas(b);
    // as_blas may copy to contiguous; recompute offsets against the copy's strides then.
    const std::vector<int64_t> oa2 = ma.t.same(a) ? oa : batch_offsets(ma.t, batch_a);
    const std::vector<int64_t> ob2 = mb.t.same(b) ? ob : batch_offsets(mb.t, batch_b);
    const T* pa = static_cast<const T*>(ma.t.same(a) ? a.raw_data() : ma.t.raw_data());
    const T* pb = static_cast<const T*>(mb.t.same(b) ? b.raw_data() : mb.t.raw_data());
    for (int64_t i = 0; i < count; ++i)
      product<T>(ma.trans, mb.trans, m, n, k, pa + oa2[i], ma.ld, pb + ob2[i], mb.ld, po + i * m * n, n);
  });
  return out;
}

}  // namespace nabla::kernels
