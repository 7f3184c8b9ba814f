// roc_curve (collinear points dropped), the trapezoid rule, and roc_auc on top of them.
#include <nabla/metrics/roc_curve.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace nabla::metrics {

RocCurve roc_curve(const ThresholdCounts& counts) {
  const auto& fps = counts.false_positives;
  const auto& tps = counts.true_positives;
  const std::size_t m = counts.thresholds.size();
  // Point i stays when it is an end or a corner: the second difference of FP or TP is non-zero.
  const auto keep = [&](std::size_t i) {
    if (m <= 2 || i == 0 || i + 1 == m) return true;
    return fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto rate = [nan](std::int64_t count, std::int64_t total) {
    return total > 0 ? static_cast<double>(count) / static_cast<double>(total) : nan;
  };
  RocCurve curve;
  curve.fpr.push_back(rate(0, counts.negatives));
  curve.tpr.push_back(rate(0, counts.positives));
  curve.thresholds.push_back(counts.thresholds.front() + 1.0);
  for (std::size_t i = 0; i < m; ++i) {
    if (!keep(i)) continue;
    curve.fpr.push_back(rate(fps[i], counts.negatives));
    curve.tpr.push_back(rate(tps[i], counts.positives));
    curve.thresholds.push_back(counts.thresholds[i]);
  }
  return curve;
}

RocCurve roc_curve(std::span<const int> labels, std::span<const double> scores) {
  return roc_curve(threshold_counts(labels, scores));
}

double trapezoid_area(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size() || x.size() < 2) {
    throw std::invalid_argument("trapezoid_area: needs x and y of equal length >= 2, got " +
                                std::to_string(x.size()) + " and " + std::to_string(y.size()));
  }
  bool rising = false, falling = false;
  for (std::size_t i = 0; i + 1 < x.size(); ++i) {
    rising = rising || x[i + 1] > x[i];
    falling = falling || x[i + 1] < x[i];
  }
  if (rising && falling) {
    throw std::invalid_argument("trapezoid_area: x is neither non-decreasing nor non-increasing");
  }
  double area = 0.0;
  for (std::size_t i = 0; i + 1 < x.size(); ++i) {
    area += (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
  }
  return falling ? -area : area;
}

std::optional<double> roc_auc(const ThresholdCounts& counts) {
  if (counts.positives == 0 || counts.negatives == 0) return std::nullopt;
  const RocCurve curve = roc_curve(counts);
  return trapezoid_area(curve.fpr, curve.tpr);
}

std::optional<double> roc_auc(std::span<const int> labels, std::span<const double> scores) {
  return roc_auc(threshold_counts(labels, scores));
}

}  // namespace nabla::metrics
