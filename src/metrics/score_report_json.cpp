// score_report_json: a ScoreReport as JSON; binary scores give scalars, class scores arrays.
#include <nabla/metrics/score_report_json.h>

#include <nabla/metrics/curve_thinning.h>

namespace nabla::metrics {

namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json confusion_json(const ConfusionMatrix& confusion) {
  json rows = json::array();
  for (std::size_t i = 0; i < confusion.num_classes(); ++i) {
    json row = json::array();
    for (std::size_t j = 0; j < confusion.num_classes(); ++j) row.push_back(confusion.count(i, j));
    rows.push_back(row);
  }
  return rows;
}

// The real points of the PR curve (one per threshold) thinned; its closing point (P = 1, R = 0, no
// threshold) always stays last.
json pr_curve_json(const RankingReport& r, std::size_t max_points) {
  const PrCurve& c = r.pr_curve;
  const std::size_t real = c.thresholds.size();
  if (max_points == 0 || real + 1 <= max_points)
    return {{"precision", c.precision},
            {"recall", c.recall},
            {"thresholds", c.thresholds},
            {"interpolated_precision", r.interpolated_precision}};
  std::vector<std::size_t> kept = thin_curve(std::span(c.recall).first(real), std::span(c.precision).first(real),
                                             max_points - 1);
  const std::vector<double> thresholds = pick(c.thresholds, kept);
  kept.push_back(real);
  return {{"precision", pick(c.precision, kept)},
          {"recall", pick(c.recall, kept)},
          {"thresholds", thresholds},
          {"interpolated_precision", pick(r.interpolated_precision, kept)}};
}

json roc_curve_json(const RankingReport& r, std::size_t max_points) {
  const RocCurve& c = r.roc_curve;
  if (max_points == 0 || c.fpr.size() <= max_points)
    return {{"fpr", c.fpr}, {"tpr", c.tpr}, {"thresholds", c.thresholds}};
  const std::vector<std::size_t> kept = thin_curve(c.fpr, c.tpr, max_points);
  return {{"fpr", pick(c.fpr, kept)}, {"tpr", pick(c.tpr, kept)}, {"thresholds", pick(c.thresholds, kept)}};
}

json operating_point_json(const OperatingTarget& target, const RankingReport& r) {
  json out = {{"target", target.kind == OperatingTarget::Kind::recall ? "recall" : "precision"},
              {"target_value", target.value},
              {"reached", r.operating_point.has_value()}};
  if (const auto& p = r.operating_point) {
    out.update({{"threshold", p->threshold}, {"precision", p->precision},
                {"recall", p->recall},       {"f1", p->f1},
                {"iou", p->iou},             {"tp", p->true_positives},
                {"fp", p->false_positives},  {"tn", p->true_negatives},
                {"fn", p->false_negatives}});
  }
  return out;
}

json scores_json(const ClassScores& s) {
  return {{"precision", s.precision}, {"recall", s.recall}, {"f1", s.f1}, {"iou", s.iou}};
}

void put_average_precisions(json& out, const AveragePrecision& ap) {
  out["average_precision"] = ap.step;
  out["average_precision_voc11"] = ap.voc11;
  out["average_precision_interpolated"] = ap.interpolated;
  out["average_precision_coco101"] = ap.coco101;
}

// The per-class arrays of a multiclass report.
json per_class_json(const ScoreReport& report) {
  json out;
  for (const char* key : {"precision", "recall", "f1", "iou", "support", "average_precision",
                          "average_precision_voc11", "average_precision_interpolated",
                          "average_precision_coco101", "roc_auc"}) {
    out[key] = json::array();
  }
  for (std::size_t k = 0; k < report.ranking.size(); ++k) {
    const ClassScores& s = report.classes.per_class[k];
    const RankingReport& r = report.ranking[k];
    out["precision"].push_back(s.precision);
    out["recall"].push_back(s.recall);
    out["f1"].push_back(s.f1);
    out["iou"].push_back(s.iou);
    out["support"].push_back(s.support);
    out["average_precision"].push_back(r.average_precision.step);
    out["average_precision_voc11"].push_back(r.average_precision.voc11);
    out["average_precision_interpolated"].push_back(r.average_precision.interpolated);
    out["average_precision_coco101"].push_back(r.average_precision.coco101);
    out["roc_auc"].push_back(optional_number(r.roc_auc));
  }
  return out;
}

}  // namespace

json score_report_json(const ScoreReport& report, const ScoreReportJsonOptions& options) {
  json out;
  out["task"] = report.binary ? "binary" : "multiclass";
  out["num_samples"] = report.confusion.total();
  out["confusion_matrix"] = confusion_json(report.confusion);
  out["accuracy"] = report.classes.accuracy;
  // Binary: the positive class; multiclass: the macro averages.
  const ClassScores& headline = report.binary ? report.classes.per_class[1] : report.classes.macro;
  out.update(scores_json(headline));
  put_average_precisions(out, report.mean_average_precision);
  out["roc_auc"] = optional_number(report.roc_auc);
  if (report.binary) {
    out["threshold"] = report.threshold;
    out["threshold_rule"] = report.threshold_rule;
    const RankingReport& r = report.ranking.front();
    out["pr_curve"] = pr_curve_json(r, options.max_curve_points);
    out["roc_curve"] = roc_curve_json(r, options.max_curve_points);
    out["operating_point"] =
        report.target ? operating_point_json(*report.target, r) : json(nullptr);
  } else {
    out["num_classes"] = report.confusion.num_classes();
    out["pr_curve"] = json::array();
    out["roc_curve"] = json::array();
    out["operating_point"] = report.target ? json::array() : json(nullptr);
    for (const RankingReport& r : report.ranking) {
      out["pr_curve"].push_back(pr_curve_json(r, options.max_curve_points));
      out["roc_curve"].push_back(roc_curve_json(r, options.max_curve_points));
      if (report.target) out["operating_point"].push_back(operating_point_json(*report.target, r));
    }
    out["per_class"] = per_class_json(report);
    out["macro"] = scores_json(report.classes.macro);
    out["micro"] = scores_json(report.classes.micro);
    out["weighted"] = scores_json(report.classes.weighted);
    out["mean_average_precision"] = report.mean_average_precision.step;
  }
  out["warnings"] = report.warnings;
  return out;
}

}  // namespace nabla::metrics
