// PCG32 (O'Neill, pcg-random.org, "pcg32_random_r") and the mappings from its bits to distributions.
#include <nabla/tensor/random.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "dispatch.h"

namespace nabla {

Generator::Generator(uint64_t seed) {
  // pcg32_srandom_r(seed, stream 54)
  inc_ = (54u << 1u) | 1u;
  state_ = 0;
  (void)next_u32();
  state_ += seed;
  (void)next_u32();
}

uint32_t Generator::next_u32() {
  const uint64_t old = state_;
  state_ = old * 6364136223846793005ULL + inc_;
  const auto xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
  const auto rot = static_cast<uint32_t>(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
}

double Generator::uniform() {
  const uint64_t hi = next_u32() >> 5, lo = next_u32() >> 6;  // 27 + 26 = 53 bits
  return static_cast<double>((hi << 26) | lo) * 0x1.0p-53;
}

int64_t Generator::below(int64_t n) {
  if (n <= 0) throw std::invalid_argument("Generator::below: bound " + std::to_string(n) + " must be positive");
  const auto bound = static_cast<uint64_t>(n);
  if (bound <= 0xFFFFFFFFull) {
    // Lemire: multiply-shift, rejecting the few low products that would bias the result.
    const auto b = static_cast<uint32_t>(bound);
    uint64_t m = uint64_t{next_u32()} * b;
    auto low = static_cast<uint32_t>(m);
    if (low < b) {
      const uint32_t threshold = (0u - b) % b;
      while (low < threshold) {
        m = uint64_t{next_u32()} * b;
        low = static_cast<uint32_t>(m);
      }
    }
    return static_cast<int64_t>(m >> 32);
  }
  // Huge bounds: rejection on 64-bit draws.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t r;
  do r = (uint64_t{next_u32()} << 32) | next_u32();
  while (r >= limit);
  return static_cast<int64_t>(r % bound);
}

double Generator::normal() {
  // 1 - u lies in (0, 1], so the logarithm is finite.
  const double u1 = 1.0 - uniform(), u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

template <class F>
static Tensor generate(const Shape& shape, DType dtype, const char* op, F draw) {
  Tensor t = Tensor::empty(shape, dtype);
  visit_float(t, op, [&]<class T>() {
    T* p = t.data<T>();
    for (int64_t i = 0, n = t.numel(); i < n; ++i) p[i] = static_cast<T>(draw());
  });
  return t;
}

Tensor rand(const Shape& shape, Generator& gen, double lo, double hi, DType dtype) {
  return generate(shape, dtype, "rand", [&] { return lo + (hi - lo) * gen.uniform(); });
}

Tensor randn(const Shape& shape, Generator& gen, double mean, double std, DType dtype) {
  return generate(shape, dtype, "randn", [&] { return mean + std * gen.normal(); });
}

Tensor bernoulli(const Shape& shape, double p, Generator& gen, DType dtype) {
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("bernoulli: probability " + std::to_string(p) + " not in [0, 1]");
  return generate(shape, dtype, "bernoulli", [&] { return gen.uniform() < p ? 1.0 : 0.0; });
}

std::vector<int64_t> permutation(int64_t n, Generator& gen) {
  std::vector<int64_t> p(n);
  for (int64_t i = 0; i < n; ++i) p[i] = i;
  for (int64_t i = n - 1; i > 0; --i) std::swap(p[i], p[gen.below(i + 1)]);
  return p;
}

}  // namespace nabla
