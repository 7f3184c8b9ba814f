// Printing tensors: `float32[2, 3]` then the values, nested like NumPy, long dimensions elided.
#pragma once
#include <ostream>
#include <string>

#include <nabla/tensor/tensor.h>

namespace nabla {

[[nodiscard]] std::string to_string(const Tensor& t);
std::ostream& operator<<(std::ostream& os, const Tensor& t);

}  // namespace nabla
