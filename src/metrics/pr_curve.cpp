// precision_recall_curve and its interpolation: scikit-learn 1.2's arrays, built from TP/FP counts.
#include <nabla/metrics/pr_curve.h>

#include <algorithm>

namespace nabla::metrics {

PrCurve precision_recall_curve(const ThresholdCounts& counts) {
  const std::size_t m = counts.thresholds.size();
  PrCurve curve;
  curve.precision.reserve(m + 1);
  curve.recall.reserve(m + 1);
  curve.thresholds.reserve(m);
  // counts run from the highest threshold down; the curve runs up, so recall decreases.
  for (std::size_t j = m; j-- > 0;) {
    const auto tp = static_cast<double>(counts.true_positives[j]);
    const auto fp = static_cast<double>(counts.false_positives[j]);
    curve.precision.push_back(tp / (tp + fp));  // tp + fp >= 1: the tie group itself
    curve.recall.push_back(counts.positives == 0 ? 1.0
                                                 : tp / static_cast<double>(counts.positives));
    curve.thresholds.push_back(counts.thresholds[j]);
  }
  curve.precision.push_back(1.0);
  curve.recall.push_back(0.0);
  return curve;
}

PrCurve precision_recall_curve(std::span<const int> labels, std::span<const double> scores) {
  return precision_recall_curve(threshold_counts(labels, scores));
}

std::vector<double> interpolated_precision(const PrCurve& curve) {
  std::vector<double> out(curve.precision.size());
  if (out.empty()) return out;
  const std::size_t real = out.size() - 1;
  // Recall is non-increasing in the index, so "recall >= recall[i]" is every j <= i plus the
  // later points of equal recall: a running maximum, then spread over each run of equal recall.
  double best = 0.0;
  for (std::size_t i = 0; i < real; ++i) {
    best = std::max(best, curve.precision[i]);
    out[i] = best;
  }
  for (std::size_t i = real; i-- > 1;) {
    if (curve.recall[i - 1] == curve.recall[i]) out[i - 1] = out[i];
  }
  out[real] = curve.precision[real];
  return out;
}

}  // namespace nabla::metrics
