// Shapes and strides: sizes per dimension, row-major strides, broadcasting of two shapes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace nabla {

using Shape = std::vector<int64_t>;

// "[64, 784]"
[[nodiscard]] std::string shape_str(const Shape& s);
// Product of the sizes; 1 for a 0-d shape.
[[nodiscard]] int64_t shape_numel(const Shape& s);
// Row-major (C-contiguous) strides in elements.
[[nodiscard]] Shape contiguous_strides(const Shape& s);
// NumPy broadcasting of a and b; throws naming op and both shapes when they do not broadcast.
[[nodiscard]] Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op);
// A dimension index in [-rank, rank) made non-negative; throws naming op otherwise.
[[nodiscard]] int64_t normalize_dim(int64_t dim, int64_t rank, const char* op);

}  // namespace nabla
