// The lecture's example: six scores, two positives, read at threshold 0 and lowered past -0.1.
#include <gtest/gtest.h>

#include <vector>

#include <nabla/metrics/classification_report.h>
#include <nabla/metrics/confusion_matrix.h>
#include <nabla/metrics/operating_point.h>
#include <nabla/metrics/pr_curve.h>
#include <nabla/metrics/predictions.h>
#include <nabla/metrics/threshold_counts.h>

namespace nabla::metrics {
namespace {

// Scores 0.9, 0.5, 0.1, -0.1, -0.4, -0.6; the positives are those at 0.5 and -0.1, the only
// labelling that gives TP = 1, FP = 2, FN = 1 at threshold 0 and TP = 2, FP = 2 at -0.1.
const std::vector<double> kScores = {0.9, 0.5, 0.1, -0.1, -0.4, -0.6};
const std::vector<int> kLabels = {0, 1, 0, 1, 0, 0};
constexpr double kExact = 1e-15;  // ratios of small integers

TEST(LectureExample, AtThresholdZero) {
  const ConfusionMatrix m(kLabels, threshold_predictions(kScores, 0.0), 2);
  EXPECT_EQ(m.true_positives(1), 1);
  EXPECT_EQ(m.false_positives(1), 2);
  EXPECT_EQ(m.true_negatives(1), 2);
  EXPECT_EQ(m.false_negatives(1), 1);
  const ClassScores positive = classification_report(m).per_class[1];
  EXPECT_NEAR(positive.precision, 1.0 / 3.0, kExact);
  EXPECT_NEAR(positive.recall, 1.0 / 2.0, kExact);
  EXPECT_NEAR(positive.iou, 1.0 / 4.0, kExact);
  EXPECT_NEAR(positive.f1, 2.0 / 5.0, kExact);  // 2 (1/3)(1/2) / (1/3 + 1/2)
}

TEST(LectureExample, LoweredPastMinusPointOne) {
  const ConfusionMatrix m(kLabels, threshold_predictions(kScores, -0.1), 2);
  EXPECT_EQ(m.true_positives(1), 2);
  EXPECT_EQ(m.false_positives(1), 2);
  EXPECT_EQ(m.false_negatives(1), 0);
  const ClassScores positive = classification_report(m).per_class[1];
  EXPECT_NEAR(positive.precision, 1.0 / 2.0, kExact);
  EXPECT_NEAR(positive.recall, 1.0, kExact);
}

TEST(LectureExample, PrCurveHasOnePointPerScoreThenTheClosingPoint) {
  const PrCurve curve = precision_recall_curve(kLabels, kScores);
  const std::vector<double> thresholds = {-0.6, -0.4, -0.1, 0.1, 0.5, 0.9};
  // At threshold t every score >= t is positive: TP / (TP + FP) and TP / 2, lowest t first.
  const std::vector<double> precision = {2.0 / 6, 2.0 / 5, 2.0 / 4, 1.0 / 3, 1.0 / 2, 0.0, 1.0};
  const std::vector<double> recall = {1.0, 1.0, 1.0, 0.5, 0.5, 0.0, 0.0};
  EXPECT_EQ(curve.thresholds, thresholds);
  ASSERT_EQ(curve.precision.size(), precision.size());
  for (std::size_t i = 0; i < precision.size(); ++i) {
    EXPECT_NEAR(curve.precision[i], precision[i], kExact) << i;
    EXPECT_EQ(curve.recall[i], recall[i]) << i;
  }
}

TEST(LectureExample, FullRecallIsReachedAtMinusPointOne) {
  const ThresholdCounts counts = threshold_counts(kLabels, kScores);
  const OperatingPoint all_found = operating_point_for_recall(counts, 1.0);
  EXPECT_EQ(all_found.threshold, -0.1);
  EXPECT_NEAR(all_found.precision, 0.5, kExact);
  EXPECT_EQ(all_found.false_negatives, 0);
  // Half the dangers found already at 0.5, with one false alarm.
  const OperatingPoint half = operating_point_for_recall(counts, 0.5);
  EXPECT_EQ(half.threshold, 0.5);
  EXPECT_EQ(half.false_positives, 1);
}

TEST(LectureExample, PrecisionTargetTakesTheLowestThreshold) {
  const ThresholdCounts counts = threshold_counts(kLabels, kScores);
  // Precision 1/2 holds at 0.5 and at -0.1; the lower one finds both positives.
  const auto point = operating_point_for_precision(counts, 0.5);
  ASSERT_TRUE(point.has_value());
  EXPECT_EQ(point->threshold, -0.1);
  EXPECT_EQ(point->true_positives, 2);
  EXPECT_FALSE(operating_point_for_precision(counts, 0.6).has_value());
  EXPECT_THROW((void)operating_point_for_precision(counts, 1.5), std::invalid_argument);
}

}  // namespace
}  // namespace nabla::metrics
