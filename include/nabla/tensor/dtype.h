// Element types of tensors: float32 for training, float64 for numerics checks, int64 for labels and indices.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace nabla {

enum class DType : uint8_t { f32, f64, i64 };

[[nodiscard]] constexpr std::size_t dtype_size(DType t) { return t == DType::f32 ? 4 : 8; }

[[nodiscard]] constexpr std::string_view dtype_name(DType t) {
  switch (t) {
    case DType::f32: return "float32";
    case DType::f64: return "float64";
    case DType::i64: return "int64";
  }
  return "?";
}

// The C++ type of each DType, and back.
template <class T> constexpr DType dtype_of();
template <> constexpr DType dtype_of<float>() { return DType::f32; }
template <> constexpr DType dtype_of<double>() { return DType::f64; }
template <> constexpr DType dtype_of<int64_t>() { return DType::i64; }

}  // namespace nabla
