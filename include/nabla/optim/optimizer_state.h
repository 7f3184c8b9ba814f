// OptimizerState: an optimizer's or a schedule's state as named tensors, and the helpers that write
// and read it with clear errors for a missing key or a tensor of the wrong shape.
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include <nabla/tensor/tensor.h>

namespace nabla::optim {

// Named tensors: "state.<param index>.<name>" per parameter (the index counts parameters over all
// groups in order, as PyTorch's state_dict does), "group.<g>.lr" and the like for scalars (0-d float64
// tensors, which hold every step count and hyper-parameter exactly). Restoring it reproduces the
// optimizer bit for bit.
using OptimizerState = std::map<std::string, Tensor>;

// "state.3.exp_avg"
[[nodiscard]] std::string param_key(std::size_t index, std::string_view name);

// Stores a 0-d float64 tensor holding value.
void put_scalar(OptimizerState& state, const std::string& key, double value);
// Stores a copy of t, so later updates of t do not change the saved state.
void put_tensor(OptimizerState& state, const std::string& key, const Tensor& t);

// The value under key; throws std::invalid_argument naming the key when it is missing or not one value.
[[nodiscard]] double get_scalar(const OptimizerState& state, const std::string& key);
// A fresh contiguous copy of the tensor under key, in like's dtype; throws std::invalid_argument naming
// the key when it is missing or its shape differs from like's.
[[nodiscard]] Tensor get_tensor_like(const OptimizerState& state, const std::string& key, const Tensor& like);

}  // namespace nabla::optim
