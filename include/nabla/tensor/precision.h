// The arithmetic of float32 convolutions and matrix products: float32 throughout, or mixed precision with
// bfloat16 operands and float32 accumulation and results, where the CPU has bfloat16 instructions. Tensors
// stay float32 either way (weights, gradients, optimizer state); only those kernels round their operands.
#pragma once

#include <string>

namespace nabla {

enum class Precision { f32, bf16 };

[[nodiscard]] const char* precision_name(Precision p);  // "f32", "bf16"
// Throws std::invalid_argument naming the accepted values.
[[nodiscard]] Precision parse_precision(const std::string& name);

// True where oneDNN runs bfloat16 kernels natively (AVX512_BF16, or AMX): elsewhere it would emulate them,
// slower than float32.
[[nodiscard]] bool cpu_has_bf16();

// The calling thread's precision (f32 unless a PrecisionGuard says otherwise): a training loop sets it
// around its steps without touching a predictor on another thread.
[[nodiscard]] Precision compute_precision();

// Sets the calling thread's precision for its lifetime. Requires: bf16 only where cpu_has_bf16() (else
// throws std::invalid_argument saying so).
class PrecisionGuard {
 public:
  explicit PrecisionGuard(Precision p);
  ~PrecisionGuard();
  PrecisionGuard(const PrecisionGuard&) = delete;
  PrecisionGuard& operator=(const PrecisionGuard&) = delete;

 private:
  Precision previous_;
};

}  // namespace nabla
