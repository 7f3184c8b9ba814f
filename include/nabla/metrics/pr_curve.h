// PrCurve: scikit-learn 1.2's precision_recall_curve, and its interpolated ("smoothed") precision.
#pragma once

#include <span>
#include <vector>

#include <nabla/metrics/threshold_counts.h>

namespace nabla::metrics {

// One point per distinct score in increasing threshold order, so recall is non-increasing:
//   precision[i] = TP / (TP + FP) and recall[i] = TP / P when predicting positive iff
//   score >= thresholds[i] (recall is 1 everywhere when there is no positive sample, as sklearn);
// then a closing point P = 1, R = 0 without threshold: precision and recall have one entry more
// than thresholds. scikit-learn 1.2 keeps every threshold, also those below full recall.
struct PrCurve {
  std::vector<double> precision{};
  std::vector<double> recall{};
  std::vector<double> thresholds{};
};

[[nodiscard]] PrCurve precision_recall_curve(const ThresholdCounts& counts);
// labels in {0, 1}; see threshold_counts for the requirements.
[[nodiscard]] PrCurve precision_recall_curve(std::span<const int> labels,
                                             std::span<const double> scores);

// Precision made non-increasing in recall, from the right of the plot (full recall) leftwards:
//   interpolated[i] = max{ precision[j] : recall[j] >= recall[i] }
// over the real points j; the closing point P = 1, R = 0 is no operating point, takes no part in
// the maxima and keeps its precision 1. Same length as curve.precision.
[[nodiscard]] std::vector<double> interpolated_precision(const PrCurve& curve);

}  // namespace nabla::metrics
