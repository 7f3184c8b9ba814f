// Predicted classes from scores: threshold for binary, first argmax for class scores.
#include <nabla/metrics/predictions.h>

#include <stdexcept>
#include <string>

namespace nabla::metrics {

std::vector<int> threshold_predictions(std::span<const double> scores, double threshold) {
  std::vector<int> out(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i) out[i] = scores[i] >= threshold ? 1 : 0;
  return out;
}

std::vector<int> argmax_predictions(std::span<const double> scores, std::size_t num_classes) {
  if (num_classes == 0 || scores.size() % num_classes != 0) {
    throw std::invalid_argument("argmax_predictions: " + std::to_string(scores.size()) +
                                " scores do not form rows of " + std::to_string(num_classes));
  }
  std::vector<int> out(scores.size() / num_classes);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double* row = scores.data() + i * num_classes;
    std::size_t best = 0;
    for (std::size_t k = 1; k < num_classes; ++k) {
      if (row[k] > row[best]) best = k;
    }
    out[i] = static_cast<int>(best);
  }
  return out;
}

}  // namespace nabla::metrics
