// Operating points: scanning the thresholds for the first one that meets a recall or precision.
#include <nabla/metrics/operating_point.h>

#include <stdexcept>
#include <string>

namespace nabla::metrics {

namespace {

void check_target(double target, const char* who) {
  if (!(target >= 0.0 && target <= 1.0)) {
    throw std::invalid_argument(std::string(who) + ": target " + std::to_string(target) +
                                " is not in [0, 1]");
  }
}

// The figures of "positive iff score >= counts.thresholds[i]".
OperatingPoint point_at(const ThresholdCounts& counts, std::size_t i) {
  const std::int64_t tp = counts.true_positives[i];
  const std::int64_t fp = counts.false_positives[i];
  const std::int64_t fn = counts.positives - tp;
  OperatingPoint p{.threshold = counts.thresholds[i],
                   .precision = static_cast<double>(tp) / static_cast<double>(tp + fp),
                   .recall = counts.positives == 0 ? 1.0
                                                   : static_cast<double>(tp) /
                                                         static_cast<double>(counts.positives),
                   .iou = static_cast<double>(tp) / static_cast<double>(tp + fp + fn),
                   .true_positives = tp,
                   .false_positives = fp,
                   .true_negatives = counts.negatives - fp,
                   .false_negatives = fn};
  const double sum = p.precision + p.recall;
  p.f1 = sum == 0.0 ? 0.0 : 2.0 * p.precision * p.recall / sum;
  return p;
}

}  // namespace

OperatingPoint operating_point_for_recall(const ThresholdCounts& counts, double target) {
  check_target(target, "operating_point_for_recall");
  if (counts.thresholds.empty()) {
    throw std::invalid_argument("operating_point_for_recall: no thresholds");
  }
  // Thresholds fall along counts, so recall rises: the first point that reaches the target has
  // the highest threshold. The last point predicts every sample positive and has recall 1.
  for (std::size_t i = 0; i + 1 < counts.thresholds.size(); ++i) {
    const OperatingPoint p = point_at(counts, i);
    if (p.recall >= target) return p;
  }
  return point_at(counts, counts.thresholds.size() - 1);
}

std::optional<OperatingPoint> operating_point_for_precision(const ThresholdCounts& counts,
                                                            double target) {
  check_target(target, "operating_point_for_precision");
  // Precision need not be monotonic: scan from the lowest threshold up.
  for (std::size_t i = counts.thresholds.size(); i-- > 0;) {
    const OperatingPoint p = point_at(counts, i);
    if (p.precision >= target) return p;
  }
  return std::nullopt;
}

}  // namespace nabla::metrics
