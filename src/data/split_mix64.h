// SplitMix64: a tiny seeded generator whose numbers are the same on every machine and standard library.
#pragma once

#include <cstdint>

namespace nabla::data::detail {

// Steele, Lea and Flood, "Fast splittable pseudorandom number generators" (2014): a counter stepped by
// the golden-ratio constant, each value passed through a 64-bit finaliser.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  [[nodiscard]] uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n), n > 0. Draws below 2^64 mod n are rejected, so the 2^64 - (2^64 mod n) that remain
  // cover each residue equally often.
  [[nodiscard]] uint64_t below(uint64_t n) {
    const uint64_t rejected = (0 - n) % n;  // 2^64 mod n in unsigned arithmetic
    for (;;) {
      uint64_t x = next();
      if (x >= rejected) return x % n;
    }
  }

 private:
  uint64_t state_;
};

}  // namespace nabla::data::detail
