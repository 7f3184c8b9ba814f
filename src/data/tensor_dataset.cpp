// TensorDataset: copies the tensors into a LabeledData's flat features and labels.
#include <nabla/data/tensor_dataset.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace nabla::data {

TensorDataset::TensorDataset(const Tensor& x, const Tensor& y) {
  if (x.dim() < 1 || y.dtype() != DType::i64 || y.dim() != 1 || y.size(0) != x.size(0))
    throw std::invalid_argument("TensorDataset: inputs " + x.describe() + " and labels " + y.describe() +
                                " must be (N, …) and int64 (N)");
  features = x.to_vector<float>();
  sample_shape.assign(x.shape().begin() + 1, x.shape().end());
  labels = y.to_vector<int64_t>();
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i] < 0)
      throw std::invalid_argument("TensorDataset: label " + std::to_string(labels[i]) + " of sample " +
                                  std::to_string(i) + " is negative");
  num_classes = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
}

}  // namespace nabla::data
