// The ranking charts of a score report (PR curves raw and smoothed, ROC curves with their AUC) and the
// page of `nabla metrics --plot`.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <nabla/metrics/score_report.h>
#include <nabla/metrics/score_report_json.h>
#include <nabla/plot/svg_writer.h>
#include <nabla/report/metrics_page.h>
#include <nabla/report/report_plots.h>

#include "../plot/xml_check.h"

namespace nabla::report {
namespace {

using plot::testing::count;
using plot::testing::xml_error;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Binary scores with a PR curve that is not monotonic: ranked 1, 0, 1, 0, 1, 0 from the highest score.
nlohmann::json binary_report() {
  metrics::ScoreFile scores;
  scores.labels = {1, 0, 1, 0, 1, 0};
  scores.scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
  return metrics::score_report_json(metrics::score_report(scores));
}

nlohmann::json three_class_report() {
  metrics::ScoreFile scores;
  scores.labels = {0, 1, 2, 0, 1, 2};
  scores.scores = {0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.3, 0.6, 0.5, 0.4, 0.1, 0.3, 0.3, 0.4, 0.2, 0.2, 0.6};
  scores.num_columns = 3;
  return metrics::score_report_json(metrics::score_report(scores));
}

TEST(RankingPlots, SmoothedPrCurveIsTheInterpolatedPrecision) {
  const nlohmann::json r = binary_report();
  const std::vector<ReportPlot> plots = ranking_plots(r, {"cat", "dog"}, "test set");
  ASSERT_EQ(plots.size(), 4u);
  EXPECT_EQ(plots[1].name, "pr_curves_smoothed");
  const std::string& svg = plots[1].svg;
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_TRUE(has(svg, "precision-recall smoothed")) << "its title says what it shows";
  EXPECT_TRUE(has(svg, "(test set)"));
  // The legend names the positive class with the area under the smoothed curve.
  const double interpolated = r.at("average_precision_interpolated").get<double>();
  EXPECT_TRUE(has(svg, "dog  AP " + plot::format_significant(interpolated, 3))) << svg;
  // Interpolated precision never rises as recall falls; the raw one here does.
  const std::vector<double> smoothed = r.at("pr_curve").at("interpolated_precision").get<std::vector<double>>();
  EXPECT_TRUE(std::is_sorted(smoothed.begin(), smoothed.end() - 1)) << "non-decreasing in threshold order";
  EXPECT_NE(plots[0].svg, plots[1].svg);
}

TEST(RankingPlots, RocCurveWithItsAucAndTheChanceLine) {
  const nlohmann::json r = binary_report();
  const std::vector<ReportPlot> plots = ranking_plots(r, {"cat", "dog"}, "validation set");
  ASSERT_EQ(plots[2].name, "roc_curves");
  const std::string& svg = plots[2].svg;
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_TRUE(has(svg, ">false positive rate</text>"));
  EXPECT_TRUE(has(svg, ">true positive rate</text>"));
  EXPECT_TRUE(has(svg, "dog  AUC " + plot::format_significant(r.at("roc_auc").get<double>(), 3))) << svg;
  EXPECT_TRUE(has(svg, "chance  AUC 0.5"));
  EXPECT_TRUE(has(svg, "stroke-dasharray=\"6 4\"")) << "the chance line is dashed";

  // Multiclass: one ROC curve per class, each with its own AUC, and the chance line.
  const nlohmann::json m = three_class_report();
  const std::string roc = ranking_plots(m, {"a", "b", "c"}, "test set")[2].svg;
  for (std::size_t k = 0; k < 3; ++k) {
    const std::string name = std::string(1, static_cast<char>('a' + k));
    const double auc = m.at("per_class").at("roc_auc").at(k).get<double>();
    EXPECT_TRUE(has(roc, name + "  AUC " + plot::format_significant(auc, 3))) << name;
  }
  EXPECT_EQ(count(roc, "class=\"series\""), 4u);
}

TEST(RankingPlots, UndefinedAucAndOlderReports) {
  metrics::ScoreFile scores;
  scores.labels = {1, 1, 1};
  scores.scores = {0.9, 0.4, 0.2};
  const nlohmann::json one_class = metrics::score_report_json(metrics::score_report(scores));
  EXPECT_TRUE(has(ranking_plots(one_class, {}, "test set")[2].svg, "class 1  AUC undefined"));

  // metrics.json of a version without interpolated precision or ROC curves: the charts it can draw.
  nlohmann::json old = binary_report();
  old.erase("roc_curve");
  old["pr_curve"].erase("interpolated_precision");
  const std::vector<ReportPlot> plots = ranking_plots(old, {}, "test set");
  ASSERT_EQ(plots.size(), 2u);
  EXPECT_EQ(plots[0].name, "pr_curves");
  EXPECT_EQ(plots[1].name, "confusion_matrix");
}

TEST(MetricsPage, StatesTheRuleAndHoldsEveryChart) {
  const Report page = metrics_page(binary_report(), "scores.csv");
  EXPECT_EQ(page.title, "Metrics of scores.csv");
  ASSERT_EQ(page.sections.size(), 1u);
  const ReportSection& s = page.sections[0];
  EXPECT_TRUE(has(s.html, "Binary scores, 6 samples; positive iff score &gt;= 0.5 (default for scores in [0, 1]: "
                          "probabilities).")) << s.html;
  EXPECT_TRUE(has(s.html, "<th>ROC AUC</th>"));
  std::vector<std::string> names;
  for (const ReportPlot& p : s.plots) {
    names.push_back(p.name);
    EXPECT_EQ(xml_error(p.svg), "") << p.name;
    EXPECT_TRUE(has(p.svg, "(scores.csv)")) << p.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"pr_curves", "pr_curves_smoothed", "roc_curves", "confusion_matrix"}));
  const std::string html = report_html(page);
  EXPECT_TRUE(has(html, "<figure id=\"plot-roc_curves\">"));

  const ReportSection multi = metrics_page(three_class_report(), "m.csv").sections[0];
  EXPECT_TRUE(has(multi.html, "Scores of 3 classes, 6 samples; the predicted class is the one of highest score."));
  EXPECT_TRUE(has(multi.html, "<th>ROC AUC (macro, one-vs-rest)</th>"));
  EXPECT_THROW((void)metrics_page(nlohmann::json::object(), "x.csv"), std::invalid_argument);
}

}  // namespace
}  // namespace nabla::report
