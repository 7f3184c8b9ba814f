// OperatingPoint: the threshold that meets a target recall or precision, and the figures there.
#pragma once

#include <cstdint>
#include <optional>

#include <nabla/metrics/threshold_counts.h>

namespace nabla::metrics {

// The classifier "positive iff score >= threshold" at one threshold of the PR curve. Precision
// and recall are the curve's (recall is 1 when there is no positive sample);
// f1 = 2 P R / (P + R) (0 when both are 0), iou = TP / (TP + FP + FN).
struct OperatingPoint {
  double threshold = 0.0;
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
  double iou = 0.0;
  std::int64_t true_positives = 0;
  std::int64_t false_positives = 0;
  std::int64_t true_negatives = 0;
  std::int64_t false_negatives = 0;
};

// The highest threshold whose recall >= target: as few missed positives as asked for, with the
// fewest false alarms. Always exists, since the lowest threshold has recall 1.
// requires 0 <= target <= 1, else std::invalid_argument.
[[nodiscard]] OperatingPoint operating_point_for_recall(const ThresholdCounts& counts,
                                                        double target);

// The lowest threshold whose precision >= target: as few false alarms as asked for, with the
// most positives found; std::nullopt when no threshold reaches it (precision is not monotonic).
// requires 0 <= target <= 1, else std::invalid_argument.
[[nodiscard]] std::optional<OperatingPoint> operating_point_for_precision(
    const ThresholdCounts& counts, double target);

}  // namespace nabla::metrics
