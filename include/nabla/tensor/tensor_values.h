// nabla::tensor(values): a tensor from C++ values with the dtype deduced from them, as torch::tensor.
#pragma once
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla {

// Integer values give int64; floating literals give float32, PyTorch's default dtype, unless dtype says
// otherwise: tensor({1.0, 2.0}) is float32[2], tensor({3, 1}) int64[2], tensor({1.0}, DType::f64) float64[1].
template <class T>
concept TensorValue = std::integral<T> || std::floating_point<T>;

template <TensorValue T>
[[nodiscard]] DType deduced_dtype() {
  return std::integral<T> ? DType::i64 : DType::f32;
}

// A copy of values, 1-D, or of `shape` when given (numel must match).
template <TensorValue T>
[[nodiscard]] Tensor tensor(const std::vector<T>& values, const Shape& shape, DType dtype) {
  if constexpr (std::integral<T>) {
    const std::vector<int64_t> wide(values.begin(), values.end());
    return Tensor::from_vector(wide, shape).to(dtype);
  } else {
    const std::vector<double> wide(values.begin(), values.end());
    return Tensor::from_vector(wide, shape).to(dtype);
  }
}

// From a std::vector: its element type gives the dtype (float: float32, double: float64, integers: int64).
template <TensorValue T>
[[nodiscard]] Tensor tensor(const std::vector<T>& values) {
  const DType dtype = std::same_as<T, double> ? DType::f64 : deduced_dtype<T>();
  return tensor(values, {static_cast<int64_t>(values.size())}, dtype);
}

// From a braced list: tensor({1.0, 2.0}).
template <TensorValue T>
[[nodiscard]] Tensor tensor(std::initializer_list<T> values, DType dtype = deduced_dtype<T>()) {
  return tensor(std::vector<T>(values), {static_cast<int64_t>(values.size())}, dtype);
}

// From nested braces, one list per row: tensor({{0.0, 1.0}, {1.0, 0.0}}) is float32[2, 2].
template <TensorValue T>
[[nodiscard]] Tensor tensor(std::initializer_list<std::initializer_list<T>> rows, DType dtype = deduced_dtype<T>()) {
  std::vector<T> values;
  const std::size_t cols = rows.size() ? rows.begin()->size() : 0;
  std::size_t index = 0;
  for (const auto& row : rows) {
    if (row.size() != cols)
      throw std::invalid_argument("tensor: row " + std::to_string(index) + " has " + std::to_string(row.size()) +
                                  " values, row 0 has " + std::to_string(cols));
    values.insert(values.end(), row.begin(), row.end());
    ++index;
  }
  return tensor(values, {static_cast<int64_t>(rows.size()), static_cast<int64_t>(cols)}, dtype);
}

}  // namespace nabla
