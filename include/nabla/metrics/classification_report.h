// Precision, recall, F1 and IoU per class and their macro, micro and weighted averages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nabla/metrics/confusion_matrix.h>
#include <nabla/metrics/zero_division.h>

namespace nabla::metrics {

// For one class, with ratios whose denominator is 0 set by the zero-division policy:
//   precision = TP / (TP + FP), recall = TP / (TP + FN),
//   f1 = 2 P R / (P + R) (0 when P + R = 0),
//   iou = TP / (TP + FP + FN) (scikit-learn's jaccard_score).
struct ClassScores {
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
  double iou = 0.0;
  std::int64_t support = 0;  // samples of the class; all samples for an average
};

// scikit-learn's precision_recall_fscore_support and jaccard_score with labels = range(C):
//   macro: the plain mean of the per-class scores (a class with no samples still counts);
//   micro: the ratios of the summed TP, FP, FN (for single-label data P = R = F1 = accuracy);
//   weighted: the per-class scores weighted by support.
struct ClassificationReport {
  std::vector<ClassScores> per_class{};
  ClassScores macro{};
  ClassScores micro{};
  ClassScores weighted{};
  double accuracy = 0.0;
  std::vector<std::string> warnings{};  // ill-defined ratios, under ZeroDivision::warn only
};

// For binary data (C = 2) the scores of the positive class are per_class[1].
[[nodiscard]] ClassificationReport classification_report(
    const ConfusionMatrix& confusion, ZeroDivision zero_division = ZeroDivision::warn);

}  // namespace nabla::metrics
