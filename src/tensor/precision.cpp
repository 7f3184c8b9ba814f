// The calling thread's compute precision and whether this CPU can run bfloat16 kernels.
#include <nabla/tensor/precision.h>

#include <dnnl.hpp>

#include <stdexcept>

namespace nabla {
namespace {

thread_local Precision current = Precision::f32;

}  // namespace

const char* precision_name(Precision p) { return p == Precision::bf16 ? "bf16" : "f32"; }

Precision parse_precision(const std::string& name) {
  if (name == "f32") return Precision::f32;
  if (name == "bf16") return Precision::bf16;
  throw std::invalid_argument("precision: must be one of f32, bf16, not \"" + name + "\"");
}

bool cpu_has_bf16() {
  // oneDNN's ISA values are nested bit sets: every ISA with bfloat16 instructions contains avx512_core_bf16's.
  static const bool has = [] {
    const auto isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
    const auto bf16 = static_cast<unsigned>(dnnl::cpu_isa::avx512_core_bf16);
    return (isa & bf16) == bf16;
  }();
  return has;
}

Precision compute_precision() { return current; }

PrecisionGuard::PrecisionGuard(Precision p) : previous_(current) {
  if (p == Precision::bf16 && !cpu_has_bf16())
    throw std::invalid_argument("precision bf16: this CPU has no bfloat16 instructions (AVX512_BF16 or AMX)");
  current = p;
}

PrecisionGuard::~PrecisionGuard() { current = previous_; }

}  // namespace nabla
