// Thinning a long curve (a PR or ROC curve of thousands of thresholds) to a bounded number of points
// that still draws the same picture, for metrics files and plots; the metrics are computed on all points.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace nabla::metrics {

// The indices of the points of the polyline (x[i], y[i]) to keep, increasing: all of them when there
// are at most max_points; otherwise the first and the last, and between them a point each time the
// path walked since the last kept point reaches length / (max_points - 2), so that at most max_points
// are kept and no stretch of the curve longer than that step is lost. Non-finite coordinates (a
// rate without samples is NaN) count as zero distance. Requires x.size() == y.size(), max_points >= 3.
[[nodiscard]] std::vector<std::size_t> thin_curve(std::span<const double> x, std::span<const double> y,
                                                  std::size_t max_points);

// values[i] for each kept index.
[[nodiscard]] std::vector<double> pick(std::span<const double> values, std::span<const std::size_t> kept);

}  // namespace nabla::metrics
