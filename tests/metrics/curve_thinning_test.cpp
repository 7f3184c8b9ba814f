// Curve thinning: short curves untouched; long ones bounded, ends kept, shape kept; in the JSON report.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include <nabla/metrics/curve_thinning.h>
#include <nabla/metrics/score_report.h>
#include <nabla/metrics/score_report_json.h>

namespace nabla::metrics {
namespace {

TEST(CurveThinning, KeepsShortCurvesWhole) {
  const std::vector<double> x{0, 1, 2}, y{0, 1, 0};
  EXPECT_EQ(thin_curve(x, y, 3), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(CurveThinning, BoundsLongCurvesAndKeepsTheEndsAndEveryLongStep) {
  // A staircase of 10,000 tiny steps with one long jump in the middle: the jump's two ends must stay.
  std::vector<double> x, y;
  for (int i = 0; i < 10000; ++i) {
    x.push_back(i / 20000.0 + (i >= 5000 ? 0.5 : 0.0));
    y.push_back(i % 2 == 0 ? 0.25 : 0.2501);
  }
  const std::vector<std::size_t> kept = thin_curve(x, y, 100);
  ASSERT_LE(kept.size(), 100u);
  EXPECT_GE(kept.size(), 50u);
  EXPECT_EQ(kept.front(), 0u);
  EXPECT_EQ(kept.back(), 9999u);
  EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()));
  EXPECT_NE(std::find(kept.begin(), kept.end(), 5000u), kept.end()) << "the point after the long jump";
  // Between two kept points, the path up to the last point dropped is shorter than one step of the
  // budget (a single long segment cannot be split, so it is not counted).
  double total = 0;
  for (std::size_t i = 1; i < x.size(); ++i) total += std::hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
  for (std::size_t k = 1; k < kept.size(); ++k) {
    double path = 0;
    for (std::size_t i = kept[k - 1] + 1; i < kept[k]; ++i) path += std::hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
    EXPECT_LT(path, total / 98 + 1e-12) << "between " << kept[k - 1] << " and " << kept[k];
  }
}

TEST(CurveThinning, ToleratesNaNAndRejectsBadArguments) {
  const std::vector<double> nan(10, std::nan("")), x{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<std::size_t> kept = thin_curve(x, nan, 4);
  EXPECT_LE(kept.size(), 4u);
  EXPECT_EQ(kept.back(), 9u);
  EXPECT_THROW((void)thin_curve(x, std::vector<double>{1}, 4), std::invalid_argument);
  EXPECT_THROW((void)thin_curve(x, x, 2), std::invalid_argument);
}

TEST(CurveThinning, ReportJsonThinsCurvesButComputesOnEveryPoint) {
  std::mt19937 rng(5);
  std::normal_distribution<double> noise;
  ScoreFile file{.num_columns = 1};
  for (int i = 0; i < 20000; ++i) {
    const int label = i % 3 == 0;
    file.labels.push_back(label);
    file.scores.push_back(noise(rng) + label);
  }
  const ScoreReport report = score_report(file);
  const nlohmann::json full = score_report_json(report, {.max_curve_points = 0});
  const nlohmann::json thin = score_report_json(report, {.max_curve_points = 200});
  EXPECT_EQ(full["pr_curve"]["thresholds"].size(), 20000u);
  const nlohmann::json& pr = thin["pr_curve"];
  EXPECT_LE(pr["precision"].size(), 200u);
  EXPECT_EQ(pr["precision"].size(), pr["thresholds"].size() + 1);  // the closing point
  EXPECT_EQ(pr["recall"].size(), pr["precision"].size());
  EXPECT_EQ(pr["interpolated_precision"].size(), pr["precision"].size());
  EXPECT_EQ(pr["precision"].back(), 1.0);
  EXPECT_EQ(pr["recall"].back(), 0.0);
  EXPECT_EQ(pr["recall"].front(), full["pr_curve"]["recall"].front());
  EXPECT_LE(thin["roc_curve"]["fpr"].size(), 200u);
  EXPECT_EQ(thin["roc_curve"]["fpr"].size(), thin["roc_curve"]["thresholds"].size());
  EXPECT_EQ(thin["average_precision"], full["average_precision"]);  // from every point, not the thinned curve
  EXPECT_EQ(thin["roc_auc"], full["roc_auc"]);
}

}  // namespace
}  // namespace nabla::metrics
