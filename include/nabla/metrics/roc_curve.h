// RocCurve: scikit-learn 1.2's roc_curve (drop_intermediate=True), trapezoid AUC, roc_auc_score.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include <nabla/metrics/threshold_counts.h>

namespace nabla::metrics {

// Points in decreasing threshold order, fpr = FP / N and tpr = TP / P, starting at (0, 0) with
// threshold max(score) + 1 (scikit-learn 1.2's convention). Points collinear with their
// neighbours are dropped: a point stays when the second difference of FP or of TP there is
// non-zero. With no negative (positive) sample fpr (tpr) is NaN throughout, as in scikit-learn.
struct RocCurve {
  std::vector<double> fpr{};
  std::vector<double> tpr{};
  std::vector<double> thresholds{};
};

[[nodiscard]] RocCurve roc_curve(const ThresholdCounts& counts);
[[nodiscard]] RocCurve roc_curve(std::span<const int> labels, std::span<const double> scores);

// The trapezoid rule sum_i (x_{i+1} - x_i) (y_{i+1} + y_i) / 2 for x non-decreasing (or
// non-increasing, giving the area with its sign flipped back); throws std::invalid_argument when
// x is not monotonic or the sizes differ, as scikit-learn's auc.
[[nodiscard]] double trapezoid_area(std::span<const double> x, std::span<const double> y);

// The area under the ROC curve; std::nullopt when the labels hold one class only (scikit-learn
// raises there: the AUC is not defined).
[[nodiscard]] std::optional<double> roc_auc(const ThresholdCounts& counts);
[[nodiscard]] std::optional<double> roc_auc(std::span<const int> labels,
                                            std::span<const double> scores);

}  // namespace nabla::metrics
