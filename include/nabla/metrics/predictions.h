// Turning scores into predicted classes: a threshold for binary scores, argmax for class scores.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace nabla::metrics {

// 1 where scores[i] >= threshold, else 0 (the same rule as the points of the PR and ROC curves).
[[nodiscard]] std::vector<int> threshold_predictions(std::span<const double> scores,
                                                     double threshold);

// scores: (n, num_classes) row-major. The index of each row's largest score, the first on ties
// (numpy's argmax). Throws std::invalid_argument when scores.size() is not a multiple of
// num_classes.
[[nodiscard]] std::vector<int> argmax_predictions(std::span<const double> scores,
                                                  std::size_t num_classes);

}  // namespace nabla::metrics
