// The JSON form of a ScoreReport, as `nabla metrics --json` prints it.
#pragma once

#include <nlohmann/json.hpp>

#include <nabla/metrics/score_report.h>

namespace nabla::metrics {

// Keys, binary: task, num_samples, threshold, threshold_rule (ScoreReport's), confusion_matrix, accuracy, precision, recall, f1,
// iou (positive class), average_precision, average_precision_voc11,
// average_precision_interpolated, average_precision_coco101, roc_auc (null when undefined),
// pr_curve {precision, recall, thresholds, interpolated_precision}, roc_curve {fpr, tpr,
// thresholds}, operating_point (null without a target; {target, target_value, reached, and when
// reached threshold, precision, recall, f1, iou, tp, fp, tn, fn}), warnings.
// Multiclass: the same scalars hold the macro averages and the mAP variants; pr_curve,
// roc_curve and operating_point become one entry per class; it adds num_classes,
// per_class {precision, recall, f1, iou, support, average_precision, average_precision_voc11,
// average_precision_interpolated, average_precision_coco101, roc_auc}, macro, micro, weighted
// {precision, recall, f1, iou} and mean_average_precision.
// NaN (a ROC rate without samples) is written as null.
//
// Curves of more than max_curve_points points are thinned to at most that many (curve_thinning.h; the
// PR curve's closing point stays): a curve has a point per distinct score, 10,000 test samples of 10
// classes made an 18 MB file, while the metrics above are always computed on every point. 0 keeps
// every point.
struct ScoreReportJsonOptions {
  std::size_t max_curve_points = 1000;
};
[[nodiscard]] nlohmann::json score_report_json(const ScoreReport& report, const ScoreReportJsonOptions& options = {});

}  // namespace nabla::metrics
