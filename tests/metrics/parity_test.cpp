// Parity with scikit-learn 1.2 on tied scores: every field of reference/metrics_fixtures.json.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include <nabla/metrics/average_precision.h>
#include <nabla/metrics/classification_report.h>
#include <nabla/metrics/confusion_matrix.h>
#include <nabla/metrics/one_vs_rest.h>
#include <nabla/metrics/operating_point.h>
#include <nabla/metrics/pr_curve.h>
#include <nabla/metrics/predictions.h>
#include <nabla/metrics/roc_curve.h>
#include <nabla/metrics/threshold_counts.h>

#include "metrics_fixture.h"

namespace nabla::metrics {
namespace {

using nlohmann::json;
using test::expect_all_near;
using test::expect_near;
using test::fixture;

void expect_point(const json& want, const std::optional<OperatingPoint>& got,
                  const std::string& what) {
  if (want.is_null()) {
    EXPECT_FALSE(got.has_value()) << what << ": expected no threshold, got " << got->threshold;
    return;
  }
  ASSERT_TRUE(got.has_value()) << what << ": expected threshold " << want["threshold"];
  expect_near(want["threshold"], got->threshold, what + " threshold");
  expect_near(want["precision"], got->precision, what + " precision");
  expect_near(want["recall"], got->recall, what + " recall");
  expect_near(want["f1"], got->f1, what + " f1");
  expect_near(want["iou"], got->iou, what + " iou");
  EXPECT_EQ(want["tp"].get<std::int64_t>(), got->true_positives) << what;
  EXPECT_EQ(want["fp"].get<std::int64_t>(), got->false_positives) << what;
  EXPECT_EQ(want["tn"].get<std::int64_t>(), got->true_negatives) << what;
  EXPECT_EQ(want["fn"].get<std::int64_t>(), got->false_negatives) << what;
}

// The curves, average precisions, AUC and operating points of one 0/1 column.
void expect_ranking(const json& want, const std::vector<int>& labels,
                    const std::vector<double>& scores) {
  const ThresholdCounts counts = threshold_counts(labels, scores);
  const PrCurve pr = precision_recall_curve(counts);
  expect_all_near(want["pr_curve"]["precision"], pr.precision, "pr precision");
  expect_all_near(want["pr_curve"]["recall"], pr.recall, "pr recall");
  expect_all_near(want["pr_curve"]["thresholds"], pr.thresholds, "pr thresholds");
  expect_all_near(want["interpolated_precision"], interpolated_precision(pr), "interpolated");
  expect_near(want["average_precision"], average_precision(pr), "average_precision");
  expect_near(want["average_precision_voc11"], average_precision_voc11(pr), "voc11");
  expect_near(want["average_precision_interpolated"], average_precision_interpolated(pr),
              "voc all-point");
  expect_near(want["average_precision_coco101"], average_precision_coco101(pr), "coco101");

  const RocCurve roc = roc_curve(counts);
  expect_all_near(want["roc_curve"]["fpr"], roc.fpr, "roc fpr");
  expect_all_near(want["roc_curve"]["tpr"], roc.tpr, "roc tpr");
  expect_all_near(want["roc_curve"]["thresholds"], roc.thresholds, "roc thresholds");
  const std::optional<double> auc = roc_auc(counts);
  ASSERT_EQ(want["roc_auc"].is_null(), !auc.has_value()) << "roc_auc defined?";
  if (auc) expect_near(want["roc_auc"], *auc, "roc_auc");

  // Each list runs parallel to the fixture's list of targets.
  for (const char* kind : {"recall", "precision"}) {
    const json& targets = fixture()[std::string("target_") + kind + "s"];
    const json& points = want[std::string(kind) + "_targets"];
    ASSERT_EQ(targets.size(), points.size()) << kind;
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const auto target = targets[i].get<double>();
      const std::optional<OperatingPoint> got =
          std::string(kind) == "recall" ? operating_point_for_recall(counts, target)
                                        : operating_point_for_precision(counts, target);
      expect_point(points[i], got, std::string(kind) + " >= " + targets[i].dump());
    }
  }
}

void expect_scores(const json& want, const ClassScores& got, const std::string& what) {
  expect_near(want["precision"], got.precision, what + " precision");
  expect_near(want["recall"], got.recall, what + " recall");
  expect_near(want["f1"], got.f1, what + " f1");
  expect_near(want["iou"], got.iou, what + " iou");
}

// Confusion matrix, accuracy and the report under each zero-division policy.
void expect_classification(const json& want, const ConfusionMatrix& confusion) {
  for (std::size_t i = 0; i < confusion.num_classes(); ++i) {
    for (std::size_t j = 0; j < confusion.num_classes(); ++j) {
      EXPECT_EQ(want["confusion_matrix"][i][j].get<std::int64_t>(), confusion.count(i, j))
          << "confusion[" << i << "][" << j << "]";
    }
  }
  for (const auto& [key, report_json] : want["reports"].items()) {
    SCOPED_TRACE("zero_division=" + key);
    const ClassificationReport report = classification_report(confusion, parse_zero_division(key));
    expect_near(want["accuracy"], report.accuracy, "accuracy");
    const json& per_class = report_json["per_class"];
    std::vector<double> precision, recall, f1, iou;
    for (std::size_t k = 0; k < report.per_class.size(); ++k) {
      const ClassScores& s = report.per_class[k];
      precision.push_back(s.precision);
      recall.push_back(s.recall);
      f1.push_back(s.f1);
      iou.push_back(s.iou);
      EXPECT_EQ(per_class["support"][k].get<std::int64_t>(), s.support) << "support " << k;
    }
    expect_all_near(per_class["precision"], precision, "precision");
    expect_all_near(per_class["recall"], recall, "recall");
    expect_all_near(per_class["f1"], f1, "f1");
    expect_all_near(per_class["iou"], iou, "iou");
    expect_scores(report_json["macro"], report.macro, "macro");
    expect_scores(report_json["micro"], report.micro, "micro");
    expect_scores(report_json["weighted"], report.weighted, "weighted");
  }
}

TEST(MetricsParity, BinaryCasesMatchScikitLearn) {
  const json& cases = fixture()["binary"];
  ASSERT_GE(cases.size(), 8u);
  for (const json& c : cases) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const auto labels = c["labels"].get<std::vector<int>>();
    const auto scores = c["scores"].get<std::vector<double>>();
    const ConfusionMatrix confusion(
        labels, threshold_predictions(scores, c["threshold"].get<double>()), 2);
    expect_classification(c, confusion);
    expect_ranking(c, labels, scores);
  }
}

TEST(MetricsParity, MulticlassCasesMatchScikitLearn) {
  const json& cases = fixture()["multiclass"];
  ASSERT_GE(cases.size(), 4u);
  for (const json& c : cases) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const auto labels = c["labels"].get<std::vector<int>>();
    const auto scores = c["scores"].get<std::vector<double>>();
    const auto num_classes = c["num_classes"].get<std::size_t>();
    const ConfusionMatrix confusion(labels, argmax_predictions(scores, num_classes), num_classes);
    expect_classification(c, confusion);
    for (std::size_t k = 0; k < num_classes; ++k) {
      SCOPED_TRACE("class " + std::to_string(k));
      expect_ranking(c["per_class"][k], one_vs_rest_labels(labels, static_cast<int>(k)),
                     score_column(scores, num_classes, k));
    }
    const std::vector<PrCurve> curves = per_class_pr_curves(labels, scores, num_classes);
    expect_near(c["mean_average_precision"], mean_average_precision(curves), "mAP");
    const std::optional<double> auc = roc_auc_one_vs_rest(labels, scores, num_classes);
    ASSERT_EQ(c["roc_auc"].is_null(), !auc.has_value()) << "macro roc_auc defined?";
    if (auc) expect_near(c["roc_auc"], *auc, "macro roc_auc");
  }
}

}  // namespace
}  // namespace nabla::metrics
