// Average precision four ways, all on scikit-learn's PR curve (the closing point P=1, R=0 aside).
#include <nabla/metrics/average_precision.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace nabla::metrics {

namespace {

void check_curve(const PrCurve& curve, const char* who) {
  if (curve.precision.size() < 2 || curve.recall.size() != curve.precision.size()) {
    throw std::invalid_argument(std::string(who) + ": a PR curve needs precision and recall of " +
                                "equal length >= 2 (a point and the closing point)");
  }
}

// p_interp(t) = max{ P_j : R_j >= t } over the real points, 0 when none reaches t. The real
// points with R >= t are a prefix (recall is non-increasing), and the interpolated precision at
// the prefix's last point is the maximum over all points of recall >= its own, i.e. over them.
class InterpolatedAt {
 public:
  explicit InterpolatedAt(const PrCurve& curve)
      : recall_(curve.recall.begin(), curve.recall.end() - 1),
        interpolated_(interpolated_precision(curve)) {}

  [[nodiscard]] double operator()(double t) const {
    const auto end = std::partition_point(recall_.begin(), recall_.end(),
                                          [t](double r) { return r >= t; });
    if (end == recall_.begin()) return 0.0;
    return interpolated_[static_cast<std::size_t>(end - recall_.begin()) - 1];
  }

 private:
  std::vector<double> recall_;
  std::vector<double> interpolated_;
};

}  // namespace

double average_precision(const PrCurve& curve) {
  check_curve(curve, "average_precision");
  // -sum(diff(recall) * precision[:-1]): recall falls along the arrays, hence the sign
  // (written 0 - sum so that a curve without recall gives 0, not -0).
  double sum = 0.0;
  for (std::size_t i = 0; i + 1 < curve.recall.size(); ++i) {
    sum += (curve.recall[i + 1] - curve.recall[i]) * curve.precision[i];
  }
  return 0.0 - sum;
}

double average_precision_voc11(const PrCurve& curve) {
  check_curve(curve, "average_precision_voc11");
  const InterpolatedAt at(curve);
  double ap = 0.0;
  for (int i = 0; i <= 10; ++i) ap += at(i / 10.0) / 11.0;
  return ap;
}

double average_precision_interpolated(const PrCurve& curve) {
  check_curve(curve, "average_precision_interpolated");
  const std::vector<double> interpolated = interpolated_precision(curve);
  // Walk the real points in increasing recall; equal recalls add nothing.
  double area = 0.0, previous = 0.0;
  for (std::size_t i = curve.recall.size() - 1; i-- > 0;) {
    area += (curve.recall[i] - previous) * interpolated[i];
    previous = curve.recall[i];
  }
  return area;
}

double average_precision_coco101(const PrCurve& curve) {
  check_curve(curve, "average_precision_coco101");
  const InterpolatedAt at(curve);
  double sum = 0.0;
  for (int i = 0; i <= 100; ++i) sum += at(i / 100.0);
  return sum / 101.0;
}

AveragePrecision all_average_precisions(const PrCurve& curve) {
  return {.step = average_precision(curve),
          .voc11 = average_precision_voc11(curve),
          .interpolated = average_precision_interpolated(curve),
          .coco101 = average_precision_coco101(curve)};
}

}  // namespace nabla::metrics
