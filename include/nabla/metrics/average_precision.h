// Average precision of a PR curve: scikit-learn's step sum, VOC 11-point, VOC all-point, COCO 101.
#pragma once

#include <nabla/metrics/pr_curve.h>

namespace nabla::metrics {

// scikit-learn's average_precision_score: AP = sum_n (R_n - R_{n-1}) P_n over the points in
// increasing recall, no interpolation.
[[nodiscard]] double average_precision(const PrCurve& curve);

// p_interp(t) = max{ P_j : R_j >= t } over the real points (0 when no point reaches recall t).
// PASCAL VOC 2007: the mean of p_interp(t) at t = 0, 0.1, ..., 1 (exactly i / 10).
[[nodiscard]] double average_precision_voc11(const PrCurve& curve);

// PASCAL VOC 2010+ ("all-point"): the area under the interpolated curve,
// sum_n (R_n - R_{n-1}) p_interp(R_n), with R_0 = 0.
[[nodiscard]] double average_precision_interpolated(const PrCurve& curve);

// COCO: the mean of p_interp(t) at the 101 recalls t = 0, 0.01, ..., 1 (exactly i / 100).
[[nodiscard]] double average_precision_coco101(const PrCurve& curve);

// All four at once.
struct AveragePrecision {
  double step = 0.0;
  double voc11 = 0.0;
  double interpolated = 0.0;
  double coco101 = 0.0;
};
[[nodiscard]] AveragePrecision all_average_precisions(const PrCurve& curve);

}  // namespace nabla::metrics
