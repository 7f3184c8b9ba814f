// Reduction of per-sample losses to the value a loss returns: mean (the default), sum, or none.
#pragma once
#include <string>

#include <nabla/tensor/tensor.h>

namespace nabla::loss {

enum class Reduction { mean, sum, none };

// mean or sum over every element (a 0-d tensor), or the per-sample tensor itself; differentiable.
[[nodiscard]] Tensor reduce(const Tensor& per_sample, Reduction reduction);

// "mean", "sum", "none".
[[nodiscard]] std::string reduction_name(Reduction reduction);

}  // namespace nabla::loss
