// ThresholdCounts: TP and FP at every distinct score, the common ground of the PR and ROC curves.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace nabla::metrics {

// scikit-learn's _binary_clf_curve: thresholds are the distinct scores, highest first (ties
// collapse into one point); predicting positive iff score >= thresholds[i] gives
// true_positives[i] and false_positives[i], both non-decreasing in i.
struct ThresholdCounts {
  std::vector<double> thresholds{};
  std::vector<std::int64_t> true_positives{};
  std::vector<std::int64_t> false_positives{};
  std::int64_t positives = 0;  // samples labelled 1
  std::int64_t negatives = 0;  // samples labelled 0
};

// requires: labels.size() == scores.size() > 0, labels in {0, 1}, finite scores;
// throws std::invalid_argument naming the first offending sample otherwise.
[[nodiscard]] ThresholdCounts threshold_counts(std::span<const int> labels,
                                               std::span<const double> scores);

}  // namespace nabla::metrics
