// score_report: the classification scores at the decision rule and the ranking metrics per class.
#include <nabla/metrics/score_report.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nabla/metrics/one_vs_rest.h>
#include <nabla/metrics/predictions.h>
#include <nabla/metrics/threshold_counts.h>

namespace nabla::metrics {

namespace {

// What is undefined or unreached for one ranked column; `who` is "" or "class k: ".
void add_ranking_warnings(const ThresholdCounts& counts, const RankingReport& ranking,
                          const std::optional<OperatingTarget>& target, const std::string& who,
                          std::vector<std::string>& warnings) {
  if (counts.positives == 0) {
    warnings.push_back(who + "no positive samples: recall is set to 1 along the PR curve and "
                             "ROC AUC is undefined");
  }
  if (counts.negatives == 0) warnings.push_back(who + "no negative samples: ROC AUC is undefined");
  if (target && !ranking.operating_point) {
    std::ostringstream text;
    text << who << "no threshold reaches precision " << target->value;
    warnings.push_back(text.str());
  }
}

RankingReport ranking_of(const ThresholdCounts& counts,
                         const std::optional<OperatingTarget>& target) {
  RankingReport r{.pr_curve = precision_recall_curve(counts)};
  r.interpolated_precision = interpolated_precision(r.pr_curve);
  r.average_precision = all_average_precisions(r.pr_curve);
  r.roc_curve = roc_curve(counts);
  r.roc_auc = roc_auc(counts);
  if (target && target->kind == OperatingTarget::Kind::recall) {
    r.operating_point = operating_point_for_recall(counts, target->value);
  } else if (target) {
    r.operating_point = operating_point_for_precision(counts, target->value);
  }
  return r;
}

// The plain mean over classes of each average precision, and of the AUCs when all are defined.
void average_over_classes(ScoreReport& report) {
  AveragePrecision sum;
  double auc_sum = 0.0;
  bool auc_defined = true;
  for (const RankingReport& r : report.ranking) {
    sum.step += r.average_precision.step;
    sum.voc11 += r.average_precision.voc11;
    sum.interpolated += r.average_precision.interpolated;
    sum.coco101 += r.average_precision.coco101;
    auc_defined = auc_defined && r.roc_auc.has_value();
    auc_sum += r.roc_auc.value_or(0.0);
  }
  const auto n = static_cast<double>(report.ranking.size());
  report.mean_average_precision = {.step = sum.step / n, .voc11 = sum.voc11 / n,
                                   .interpolated = sum.interpolated / n,
                                   .coco101 = sum.coco101 / n};
  report.roc_auc = auc_defined ? std::optional<double>(auc_sum / n) : std::nullopt;
}

}  // namespace

double default_threshold(std::span<const double> scores) {
  const bool probabilities =
      std::all_of(scores.begin(), scores.end(), [](double s) { return s >= 0.0 && s <= 1.0; });
  return probabilities ? 0.5 : 0.0;
}

RankingReport ranking_report(std::span<const int> labels, std::span<const double> scores,
                             const std::optional<OperatingTarget>& target) {
  return ranking_of(threshold_counts(labels, scores), target);
}

ScoreReport score_report(const ScoreFile& file, const ScoreReportOptions& options) {
  if (!file.binary() && options.threshold) {
    throw std::invalid_argument("score_report: a threshold applies to binary scores only; "
                                "multiclass predictions are the argmax of the " +
                                std::to_string(file.num_classes()) + " class scores");
  }
  const std::size_t num_classes = file.num_classes();
  const double threshold = options.threshold.value_or(default_threshold(file.scores));
  const std::vector<int> predictions = file.binary()
                                           ? threshold_predictions(file.scores, threshold)
                                           : argmax_predictions(file.scores, num_classes);
  ConfusionMatrix confusion(file.labels, predictions, num_classes);
  ClassificationReport classes = classification_report(confusion, options.zero_division);
  ScoreReport report{.binary = file.binary(),
                     .threshold = threshold,
                     .threshold_rule = !file.binary()     ? ""
                                       : options.threshold ? "given"
                                       : threshold == 0.5  ? "default for scores in [0, 1]: probabilities"
                                                           : "default for scores outside [0, 1]: signed scores",
                     .confusion = std::move(confusion),
                     .classes = std::move(classes),
                     .target = options.target};
  report.warnings = report.classes.warnings;
  if (file.binary()) {
    const ThresholdCounts counts = threshold_counts(file.labels, file.scores);
    report.ranking.push_back(ranking_of(counts, options.target));
    add_ranking_warnings(counts, report.ranking.back(), options.target, "", report.warnings);
  } else {
    for (std::size_t k = 0; k < num_classes; ++k) {
      const ThresholdCounts counts =
          threshold_counts(one_vs_rest_labels(file.labels, static_cast<int>(k)),
                           score_column(file.scores, num_classes, k));
      report.ranking.push_back(ranking_of(counts, options.target));
      add_ranking_warnings(counts, report.ranking.back(), options.target,
                           "class " + std::to_string(k) + ": ", report.warnings);
    }
  }
  average_over_classes(report);
  return report;
}

}  // namespace nabla::metrics
