// Batched inference on raw inputs: the run's standardisation, the model under no-grad, probabilities.
#include <nabla/train/prediction.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/data/labeled_data.h>

namespace nabla::train {

std::vector<float> predict_probabilities(const RunModel& run, std::vector<float> features, int64_t batch_size) {
  if (batch_size < 1) throw std::invalid_argument("batch size must be at least 1, got " + std::to_string(batch_size));
  data::LabeledData inputs{.features = std::move(features), .sample_shape = run.sample_shape, .labels = {},
                           .num_classes = 0, .class_names = {}};
  const int64_t sample = inputs.sample_size();
  const auto values = static_cast<int64_t>(inputs.features.size());
  if (values % sample != 0)
    throw std::invalid_argument(std::to_string(values) + " values are not whole samples of " +
                                std::to_string(sample));
  const int64_t n = values / sample, classes = static_cast<int64_t>(run.class_names.size());
  inputs.labels.assign(static_cast<std::size_t>(n), 0);  // unknown; apply_normalization counts samples by them
  if (!run.normalization.mean.empty()) data::apply_normalization(inputs, run.normalization);
  NoGradGuard no_grad;
  std::vector<float> probabilities;
  probabilities.reserve(static_cast<std::size_t>(n * classes));
  for (int64_t start = 0; start < n; start += batch_size) {
    const int64_t rows = std::min(batch_size, n - start);
    const auto first = inputs.features.begin() + start * sample;
    Shape shape{rows};
    shape.insert(shape.end(), run.sample_shape.begin(), run.sample_shape.end());
    const Tensor logits = (*run.model)(Tensor::from_vector(std::vector<float>(first, first + rows * sample), shape));
    if (logits.numel() == rows) {  // one logit: P(class 1) = σ(z)
      for (float p : sigmoid(logits).to_vector<float>()) probabilities.insert(probabilities.end(), {1 - p, p});
    } else {
      const std::vector<float> p = softmax(logits, -1).to_vector<float>();
      probabilities.insert(probabilities.end(), p.begin(), p.end());
    }
  }
  return probabilities;
}

std::vector<int64_t> top_classes(const std::vector<float>& row, int64_t k) {
  std::vector<int64_t> order(row.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return row[a] > row[b]; });
  order.resize(std::min(order.size(), static_cast<std::size_t>(std::max<int64_t>(k, 0))));
  return order;
}

}  // namespace nabla::train
