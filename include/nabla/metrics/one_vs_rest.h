// One-vs-rest reduction of multiclass scores: per-class curves, mean average precision, macro AUC.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include <nabla/metrics/pr_curve.h>

namespace nabla::metrics {

// 1 where labels[i] == k, else 0.
[[nodiscard]] std::vector<int> one_vs_rest_labels(std::span<const int> labels, int k);

// Column k of the (n, num_classes) row-major score matrix; throws std::invalid_argument when the
// size is not a multiple of num_classes or k >= num_classes.
[[nodiscard]] std::vector<double> score_column(std::span<const double> scores,
                                               std::size_t num_classes, std::size_t k);

// labels: class indices in [0, num_classes); scores: (n, num_classes). Curve k ranks column k
// against "label == k".
[[nodiscard]] std::vector<PrCurve> per_class_pr_curves(std::span<const int> labels,
                                                       std::span<const double> scores,
                                                       std::size_t num_classes);

// mAP: the plain mean over classes of the step-sum average precision (a class without samples
// has AP 0 and still counts, as scikit-learn's binary average_precision_score per column).
[[nodiscard]] double mean_average_precision(std::span<const PrCurve> curves);

// scikit-learn's roc_auc_score(multi_class="ovr", average="macro"): the mean of the per-class
// one-vs-rest AUCs; std::nullopt when some class is absent from the labels (its AUC is undefined).
// Unlike scikit-learn the rows need not sum to 1: any class scores rank.
[[nodiscard]] std::optional<double> roc_auc_one_vs_rest(std::span<const int> labels,
                                                        std::span<const double> scores,
                                                        std::size_t num_classes);

}  // namespace nabla::metrics
