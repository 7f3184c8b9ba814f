// The zero-division policies: warn (0 and a warning), 0 and 1, per class and in the averages.
#include <gtest/gtest.h>

#include <vector>

#include <nabla/metrics/classification_report.h>
#include <nabla/metrics/confusion_matrix.h>
#include <nabla/metrics/zero_division.h>

namespace nabla::metrics {
namespace {

// Three classes: class 1 occurs but is never predicted, class 2 occurs nowhere.
const std::vector<int> kLabels = {0, 0, 1, 1};
const std::vector<int> kPredictions = {0, 0, 0, 0};

ClassificationReport report(ZeroDivision policy) {
  return classification_report(ConfusionMatrix(kLabels, kPredictions, 3), policy);
}

TEST(ZeroDivision, ParsesScikitLearnSpellings) {
  EXPECT_EQ(parse_zero_division("warn"), ZeroDivision::warn);
  EXPECT_EQ(parse_zero_division("0"), ZeroDivision::zero);
  EXPECT_EQ(parse_zero_division("1"), ZeroDivision::one);
  EXPECT_THROW((void)parse_zero_division("nan"), std::invalid_argument);
}

TEST(ZeroDivision, NeverPredictedClassHasPolicyPrecisionAndZeroF1) {
  for (ZeroDivision policy : {ZeroDivision::warn, ZeroDivision::zero, ZeroDivision::one}) {
    const ClassScores s = report(policy).per_class[1];
    EXPECT_EQ(s.precision, zero_division_value(policy));  // 0 / 0 predicted
    EXPECT_EQ(s.recall, 0.0);                              // 0 / 2
    EXPECT_EQ(s.f1, 0.0);                                  // 2 P 0 / (P + 0)
    EXPECT_EQ(s.iou, 0.0);                                 // 0 / 2
  }
}

TEST(ZeroDivision, AbsentClassTakesThePolicyEverywhere) {
  const ClassScores zero = report(ZeroDivision::zero).per_class[2];
  EXPECT_EQ(zero.precision, 0.0);
  EXPECT_EQ(zero.recall, 0.0);
  EXPECT_EQ(zero.f1, 0.0);
  EXPECT_EQ(zero.iou, 0.0);
  const ClassScores one = report(ZeroDivision::one).per_class[2];
  EXPECT_EQ(one.precision, 1.0);
  EXPECT_EQ(one.recall, 1.0);
  EXPECT_EQ(one.f1, 1.0);  // 2 * 1 * 1 / 2
  EXPECT_EQ(one.iou, 1.0);
  EXPECT_EQ(one.support, 0);
}

TEST(ZeroDivision, MacroCountsTheAbsentClassWeightedDoesNot) {
  // Class 0: P = 2/4, R = 1, F1 = 2/3, IoU = 2/4.
  const ClassificationReport one = report(ZeroDivision::one);
  EXPECT_NEAR(one.macro.precision, (0.5 + 1.0 + 1.0) / 3.0, 1e-15);
  EXPECT_NEAR(one.weighted.precision, (0.5 * 2 + 1.0 * 2) / 4.0, 1e-15);
  EXPECT_NEAR(one.macro.f1, (2.0 / 3.0 + 0.0 + 1.0) / 3.0, 1e-15);
  // Micro sums never divide by zero: P = R = accuracy = 2/4, IoU = 2 / (2 + 2 + 2).
  EXPECT_NEAR(one.micro.precision, 0.5, 1e-15);
  EXPECT_NEAR(one.micro.iou, 2.0 / 6.0, 1e-15);
}

TEST(ZeroDivision, OnlyWarnRecordsWarnings) {
  // Class 1: precision; class 2: precision, recall and IoU.
  EXPECT_EQ(report(ZeroDivision::warn).warnings.size(), 4u);
  EXPECT_TRUE(report(ZeroDivision::zero).warnings.empty());
  EXPECT_TRUE(report(ZeroDivision::one).warnings.empty());
  EXPECT_EQ(report(ZeroDivision::warn).warnings.front(),
            "class 1: precision is ill-defined (no predicted samples) and set to 0; choose the "
            "value with zero_division");
}

TEST(ConfusionMatrix, RejectsLabelsOutsideTheClasses) {
  const std::vector<int> labels = {0, 3};
  const std::vector<int> predictions = {0, 1};
  try {
    (void)ConfusionMatrix(labels, predictions, 3);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "ConfusionMatrix: labels[1] = 3 is not a class in [0, 3)");
  }
  EXPECT_THROW((void)ConfusionMatrix(labels, std::vector<int>{0}, 3), std::invalid_argument);
  EXPECT_THROW((void)ConfusionMatrix({}, {}, 3), std::invalid_argument);
}

}  // namespace
}  // namespace nabla::metrics
