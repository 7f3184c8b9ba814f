// Seeded random numbers whose streams are the same on every machine and standard library: PCG32 for the
// bits, and our own mappings to uniform, normal and bounded integers (no std::*_distribution).
#pragma once
#include <cstdint>
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla {

class Generator {
 public:
  struct State {
    uint64_t state = 0, inc = 0;
  };

  explicit Generator(uint64_t seed = 0);

  [[nodiscard]] uint32_t next_u32();
  // Uniform in [0, 1) with 53 random bits.
  [[nodiscard]] double uniform();
  // Uniform integer in [0, n), without modulo bias (Lemire's method with rejection).
  [[nodiscard]] int64_t below(int64_t n);
  // Standard normal by the Box–Muller transform (one value per call).
  [[nodiscard]] double normal();

  [[nodiscard]] State state() const { return {state_, inc_}; }
  void set_state(const State& s) { state_ = s.state, inc_ = s.inc; }

 private:
  uint64_t state_ = 0, inc_ = 0;
};

// Uniform in [lo, hi).
[[nodiscard]] Tensor rand(const Shape& shape, Generator& gen, double lo = 0, double hi = 1,
                          DType dtype = DType::f32);
// Normal with the given mean and standard deviation.
[[nodiscard]] Tensor randn(const Shape& shape, Generator& gen, double mean = 0, double std = 1,
                           DType dtype = DType::f32);
// 1 with probability p, else 0.
[[nodiscard]] Tensor bernoulli(const Shape& shape, double p, Generator& gen, DType dtype = DType::f32);
// A uniformly random permutation of 0..n-1 (Fisher–Yates).
[[nodiscard]] std::vector<int64_t> permutation(int64_t n, Generator& gen);

}  // namespace nabla
