// ConfusionMatrix: counts of (true class, predicted class) pairs, and the per-class TP/FP/FN/TN.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace nabla::metrics {

// A (C, C) table whose row is the true class and column the predicted class, as scikit-learn's
// confusion_matrix(labels=range(C)). For class k taken as "positive" (one-vs-rest):
//   TP = M[k][k], FP = column k minus TP, FN = row k minus TP, TN = the rest.
class ConfusionMatrix {
 public:
  // requires: labels.size() == predictions.size() > 0, every value in [0, num_classes),
  // num_classes >= 2; throws std::invalid_argument naming the first offending sample otherwise.
  ConfusionMatrix(std::span<const int> labels, std::span<const int> predictions,
                  std::size_t num_classes);

  [[nodiscard]] std::size_t num_classes() const { return num_classes_; }
  // The number of samples of class `truth` predicted as `predicted`.
  [[nodiscard]] std::int64_t count(std::size_t truth, std::size_t predicted) const;
  [[nodiscard]] std::int64_t true_positives(std::size_t k) const;
  [[nodiscard]] std::int64_t false_positives(std::size_t k) const;
  [[nodiscard]] std::int64_t false_negatives(std::size_t k) const;
  [[nodiscard]] std::int64_t true_negatives(std::size_t k) const;
  // Samples whose true class is k (row sum) and samples predicted as k (column sum).
  [[nodiscard]] std::int64_t support(std::size_t k) const;
  [[nodiscard]] std::int64_t predicted(std::size_t k) const;
  [[nodiscard]] std::int64_t total() const { return total_; }
  // The fraction on the diagonal.
  [[nodiscard]] double accuracy() const;

 private:
  void check_class(std::size_t k) const;

  std::size_t num_classes_;
  std::vector<std::int64_t> counts_;  // (C, C) row-major
  std::int64_t total_ = 0;
};

}  // namespace nabla::metrics
