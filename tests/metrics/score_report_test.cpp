// score_report and its JSON and table forms: wiring checked against the fixture, keys, errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nabla/metrics/score_report.h>
#include <nabla/metrics/score_report_json.h>
#include <nabla/metrics/score_report_table.h>

#include "metrics_fixture.h"

namespace nabla::metrics {
namespace {

using nlohmann::json;
using test::expect_near;
using test::fixture;

const json& fixture_case(const std::string& kind, const std::string& name) {
  for (const json& c : fixture()[kind]) {
    if (c["name"] == name) return c;
  }
  throw std::runtime_error("no fixture case " + name);
}

ScoreFile score_file_of(const json& c, std::size_t num_columns) {
  return {.labels = c["labels"].get<std::vector<int>>(),
          .scores = c["scores"].get<std::vector<double>>(),
          .num_columns = num_columns};
}

TEST(ScoreReport, MulticlassAveragesMatchTheFixture) {
  const json& c = fixture_case("multiclass", "ties_tenths");
  const ScoreReport report = score_report(score_file_of(c, 4));
  EXPECT_FALSE(report.binary);
  expect_near(c["mean_average_precision"], report.mean_average_precision.step, "mAP");
  expect_near(c["roc_auc"], report.roc_auc.value(), "macro roc_auc");
  double coco = 0.0;
  for (const json& k : c["per_class"]) coco += k["average_precision_coco101"].get<double>() / 4;
  expect_near(coco, report.mean_average_precision.coco101, "mean COCO AP");
  expect_near(c["reports"]["warn"]["weighted"]["f1"], report.classes.weighted.f1, "weighted f1");
  EXPECT_TRUE(report.warnings.empty());
}

TEST(ScoreReport, BinaryFiguresMatchTheFixture) {
  const json& c = fixture_case("binary", "ties_one_decimal");
  const ScoreReport report = score_report(score_file_of(c, 1), {.threshold = 0.5});
  ASSERT_EQ(report.ranking.size(), 1u);
  expect_near(c["average_precision_voc11"], report.mean_average_precision.voc11, "voc11");
  expect_near(c["roc_auc"], report.roc_auc.value(), "roc_auc");
  expect_near(c["reports"]["warn"]["per_class"]["iou"][1], report.classes.per_class[1].iou, "iou");
}

TEST(ScoreReport, RankingReportOfOneColumn) {
  const std::vector<int> labels = {0, 1, 0, 1, 0, 0};
  const std::vector<double> scores = {0.9, 0.5, 0.1, -0.1, -0.4, -0.6};
  const RankingReport r =
      ranking_report(labels, scores, OperatingTarget{.kind = OperatingTarget::Kind::recall,
                                                     .value = 1.0});
  EXPECT_EQ(r.pr_curve.thresholds.size(), 6u);
  EXPECT_EQ(r.interpolated_precision.size(), 7u);
  EXPECT_NEAR(r.roc_auc.value(), 5.0 / 8.0, 1e-15);  // 5 of the 8 (positive, negative) pairs
  ASSERT_TRUE(r.operating_point.has_value());
  EXPECT_EQ(r.operating_point->threshold, -0.1);
  EXPECT_FALSE(ranking_report(labels, scores, std::nullopt).operating_point.has_value());
}

TEST(ScoreReport, ThresholdIsForBinaryScoresOnly) {
  const ScoreFile file{.labels = {0, 1}, .scores = {0.9, 0.1, 0.2, 0.8}, .num_columns = 2};
  EXPECT_THROW((void)score_report(file, {.threshold = 0.3}), std::invalid_argument);
  EXPECT_NO_THROW((void)score_report(file));
}

TEST(ScoreReportJson, BinaryKeysAndOperatingPoint) {
  const ScoreFile file{.labels = {0, 1, 0, 1, 0, 0}, .scores = {0.9, 0.5, 0.1, -0.1, -0.4, -0.6}};
  const json plain = score_report_json(score_report(file, {.threshold = 0.0}));
  for (const char* key : {"confusion_matrix", "accuracy", "precision", "recall", "f1", "iou",
                          "average_precision", "average_precision_voc11",
                          "average_precision_interpolated", "average_precision_coco101",
                          "roc_auc", "pr_curve", "roc_curve", "operating_point", "warnings"}) {
    EXPECT_TRUE(plain.contains(key)) << key;
  }
  EXPECT_TRUE(plain["operating_point"].is_null());
  EXPECT_EQ(plain["confusion_matrix"], json::parse("[[2, 2], [1, 1]]"));

  const OperatingTarget precision{.kind = OperatingTarget::Kind::precision, .value = 0.9};
  const ScoreReport unreachable = score_report(file, {.target = precision});
  const json point = score_report_json(unreachable)["operating_point"];
  EXPECT_EQ(point["target"], "precision");
  EXPECT_EQ(point["reached"], false);
  EXPECT_FALSE(point.contains("threshold"));
  ASSERT_EQ(unreachable.warnings.size(), 1u);
  EXPECT_EQ(unreachable.warnings[0], "no threshold reaches precision 0.9");
}

TEST(ScoreReportJson, MulticlassKeysAndUndefinedRatesAsNull) {
  const json& c = fixture_case("multiclass", "class_absent");
  const ScoreReport report = score_report(
      score_file_of(c, 4), {.target = OperatingTarget{.value = 0.5},
                            .zero_division = ZeroDivision::one});
  const json out = score_report_json(report);
  for (const char* key : {"per_class", "macro", "micro", "weighted", "mean_average_precision"}) {
    EXPECT_TRUE(out.contains(key)) << key;
  }
  EXPECT_EQ(out["per_class"]["support"][2], 0);
  EXPECT_TRUE(out["per_class"]["roc_auc"][2].is_null());  // class 2 has no positive
  EXPECT_TRUE(out["roc_auc"].is_null());
  EXPECT_EQ(out["roc_curve"][2]["tpr"][0].dump(), "null");  // 0 / 0 positives: NaN
  EXPECT_EQ(out["operating_point"].size(), 4u);
  expect_near(c["reports"]["1"]["macro"]["iou"], out["iou"].get<double>(), "macro iou");
  EXPECT_EQ(out["warnings"].size(), 1u);  // zero_division=1 is silent; the curve is not
}

TEST(ScoreReportTable, ShowsTheFiguresAndWarnings) {
  const ScoreFile file{.labels = {0, 0, 0}, .scores = {0.9, 0.1, 0.4}};
  const std::string table = score_report_table(
      score_report(file, {.target = OperatingTarget{.value = 0.5}}));
  for (const char* text : {"binary scores: 3 samples, 0 positive", "confusion matrix",
                           "VOC 11-point", "ROC AUC", "n/a", "operating point for recall >= 0.5",
                           "warning: class 1: recall is ill-defined",
                           "warning: no positive samples"}) {
    EXPECT_NE(table.find(text), std::string::npos) << text << " in\n" << table;
  }
}

}  // namespace
}  // namespace nabla::metrics
