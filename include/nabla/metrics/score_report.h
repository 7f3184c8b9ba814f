// ScoreReport: every metric of `nabla metrics` for one classifier's scores, binary or multiclass.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nabla/metrics/average_precision.h>
#include <nabla/metrics/classification_report.h>
#include <nabla/metrics/confusion_matrix.h>
#include <nabla/metrics/operating_point.h>
#include <nabla/metrics/pr_curve.h>
#include <nabla/metrics/roc_curve.h>
#include <nabla/metrics/score_file.h>
#include <nabla/metrics/zero_division.h>

namespace nabla::metrics {

// A target for the operating point: a recall to reach (few missed positives) or a precision
// (few false alarms).
struct OperatingTarget {
  enum class Kind { recall, precision };
  Kind kind = Kind::recall;
  double value = 0.0;
};

struct ScoreReportOptions {
  std::optional<double> threshold{};  // binary only: positive iff score >= it (default_threshold if unset)
  std::optional<OperatingTarget> target{};
  ZeroDivision zero_division = ZeroDivision::warn;
};

// One score column ranked against 0/1 labels.
struct RankingReport {
  PrCurve pr_curve{};
  std::vector<double> interpolated_precision{};
  AveragePrecision average_precision{};
  RocCurve roc_curve{};
  std::optional<double> roc_auc{};                // undefined with one class only
  std::optional<OperatingPoint> operating_point{};  // with a target, when it is reached
};

// requires labels in {0, 1}; the operating point follows target when given.
[[nodiscard]] RankingReport ranking_report(std::span<const int> labels,
                                           std::span<const double> scores,
                                           const std::optional<OperatingTarget>& target);

// The threshold that fits binary scores when none is given: 0.5 when every score lies in [0, 1]
// (probabilities), else 0 (signed scores such as logits or margins, positive iff >= 0).
[[nodiscard]] double default_threshold(std::span<const double> scores);

struct ScoreReport {
  bool binary = true;
  double threshold = 0.5;  // binary only
  // Binary only: why this threshold, "given", or the default's reason ("default for scores in [0, 1]:
  // probabilities", "default for scores outside [0, 1]: signed scores").
  std::string threshold_rule{};
  ConfusionMatrix confusion;
  ClassificationReport classes{};
  // Binary: one entry, the positive class. Multiclass: one per class, one-vs-rest.
  std::vector<RankingReport> ranking{};
  // The per-class means (mAP); for binary scores the positive class's values.
  AveragePrecision mean_average_precision{};
  std::optional<double> roc_auc{};  // binary AUC, or macro one-vs-rest
  std::optional<OperatingTarget> target{};
  std::vector<std::string> warnings{};  // zero divisions (policy warn) and undefined curves
};

// Binary scores are thresholded, class scores predicted by argmax. Throws std::invalid_argument
// when options.threshold is given for multiclass scores or a target lies outside [0, 1].
[[nodiscard]] ScoreReport score_report(const ScoreFile& file,
                                       const ScoreReportOptions& options = {});

}  // namespace nabla::metrics
