// ConfusionMatrix: building the (true, predicted) counts and reading one-vs-rest counts off them.
#include <nabla/metrics/confusion_matrix.h>

#include <stdexcept>
#include <string>

namespace nabla::metrics {

namespace {

void check_value(int value, std::size_t num_classes, const char* what, std::size_t i) {
  if (value < 0 || static_cast<std::size_t>(value) >= num_classes) {
    throw std::invalid_argument("ConfusionMatrix: " + std::string(what) + "[" + std::to_string(i) +
                                "] = " + std::to_string(value) + " is not a class in [0, " +
                                std::to_string(num_classes) + ")");
  }
}

}  // namespace

ConfusionMatrix::ConfusionMatrix(std::span<const int> labels, std::span<const int> predictions,
                                 std::size_t num_classes)
    : num_classes_(num_classes), counts_(num_classes * num_classes, 0) {
  if (num_classes < 2) {
    throw std::invalid_argument("ConfusionMatrix: needs at least 2 classes, got " +
                                std::to_string(num_classes));
  }
  if (labels.size() != predictions.size()) {
    throw std::invalid_argument("ConfusionMatrix: " + std::to_string(labels.size()) +
                                " labels but " + std::to_string(predictions.size()) +
                                " predictions");
  }
  if (labels.empty()) throw std::invalid_argument("ConfusionMatrix: no samples");
  for (std::size_t i = 0; i < labels.size(); ++i) {
    check_value(labels[i], num_classes, "labels", i);
    check_value(predictions[i], num_classes, "predictions", i);
    ++counts_[static_cast<std::size_t>(labels[i]) * num_classes +
              static_cast<std::size_t>(predictions[i])];
  }
  total_ = static_cast<std::int64_t>(labels.size());
}

void ConfusionMatrix::check_class(std::size_t k) const {
  if (k >= num_classes_) {
    throw std::out_of_range("ConfusionMatrix: class " + std::to_string(k) + " of " +
                            std::to_string(num_classes_));
  }
}

std::int64_t ConfusionMatrix::count(std::size_t truth, std::size_t predicted) const {
  check_class(truth);
  check_class(predicted);
  return counts_[truth * num_classes_ + predicted];
}

std::int64_t ConfusionMatrix::true_positives(std::size_t k) const { return count(k, k); }

std::int64_t ConfusionMatrix::false_positives(std::size_t k) const {
  return predicted(k) - true_positives(k);
}

std::int64_t ConfusionMatrix::false_negatives(std::size_t k) const {
  return support(k) - true_positives(k);
}

std::int64_t ConfusionMatrix::true_negatives(std::size_t k) const {
  return total_ - support(k) - predicted(k) + true_positives(k);
}

std::int64_t ConfusionMatrix::support(std::size_t k) const {
  check_class(k);
  std::int64_t sum = 0;
  for (std::size_t j = 0; j < num_classes_; ++j) sum += counts_[k * num_classes_ + j];
  return sum;
}

std::int64_t ConfusionMatrix::predicted(std::size_t k) const {
  check_class(k);
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < num_classes_; ++i) sum += counts_[i * num_classes_ + k];
  return sum;
}

double ConfusionMatrix::accuracy() const {
  std::int64_t correct = 0;
  for (std::size_t k = 0; k < num_classes_; ++k) correct += counts_[k * num_classes_ + k];
  return static_cast<double>(correct) / static_cast<double>(total_);
}

}  // namespace nabla::metrics
