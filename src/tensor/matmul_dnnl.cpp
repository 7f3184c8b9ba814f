// bfloat16 matrix products through oneDNN's matmul primitive, planned once per shape and layout, cached.
#include "matmul_dnnl.h"

#include <dnnl.hpp>
#include <omp.h>

#include <stdexcept>
#include <string>

#include "dnnl_plan.h"

namespace nabla::kernels {
namespace {

using dnnl::memory;
using namespace dnnl_plan;

struct Plan {
  Step matmul;
  Arg a, b;
  memory::desc c;
};

// A float32 matrix of `rows` x `cols` in nabla's buffer: rows ld apart, or columns when transposed.
memory::desc strided(int64_t rows, int64_t cols, int64_t ld, bool transposed) {
  return memory::desc({rows, cols}, memory::data_type::f32,
                      transposed ? memory::dims{1, ld} : memory::dims{ld, 1});
}

memory::desc bf16_any(int64_t rows, int64_t cols) {
  return memory::desc({rows, cols}, memory::data_type::bf16, memory::format_tag::any);
}

}  // namespace

bool dnnl_matmul_bf16(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
                      const float* b, int64_t ldb, float* c, int64_t ldc) {
  static PlanCache<Plan> cache;
  const auto plan = cache.get({m, n, k, ta, tb, lda, ldb, ldc, omp_get_max_threads()}, [&] {
    const memory::desc out = strided(m, n, ldc, false);
    const dnnl::matmul::primitive_desc pd({bf16_any(m, k), bf16_any(k, n), out}, user_scratchpad(), cpu_engine());
    return Plan{{dnnl::matmul(pd), pd.scratchpad_desc()},
                make_arg(DNNL_ARG_SRC, strided(m, k, lda, ta), pd.src_desc(), false),
                make_arg(DNNL_ARG_WEIGHTS, strided(k, n, ldb, tb), pd.weights_desc(), false),
                out};
  });
  if (!plan) return false;
  try {
    auto& stream = cpu_stream();
    memory out(plan->c, cpu_engine(), c);
    plan->matmul.run(stream, {{DNNL_ARG_SRC, prepare(plan->a, a, stream)},
                              {DNNL_ARG_WEIGHTS, prepare(plan->b, b, stream)},
                              {DNNL_ARG_DST, out}});
    stream.wait();
  } catch (const dnnl::error& e) {
    throw std::runtime_error(std::string("matmul: oneDNN bf16 matmul failed: ") + e.what());
  }
  return true;
}

}  // namespace nabla::kernels
