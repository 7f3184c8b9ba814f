// Checks shared by the losses: matching scores to targets, and validating and converting label values.
#pragma once
#include <nabla/tensor/tensor.h>

namespace nabla::loss::detail {

// Scores of shape [N, 1] (one output unit) are compared with targets [N] as [N]; otherwise the shapes
// must be equal. Silent broadcasting of [N, 1] against [N] to [N, N] is the bug this prevents.
[[nodiscard]] Tensor match_scores(const char* op, const Tensor& scores, const Tensor& targets);

// Targets in the scores' dtype (int64 labels are converted; converted targets carry no gradient).
[[nodiscard]] Tensor float_targets(const Tensor& targets, const Tensor& scores);

// Throws naming the first value that is not ±1 and its index.
void check_plus_minus_one(const char* op, const Tensor& labels);

}  // namespace nabla::loss::detail
