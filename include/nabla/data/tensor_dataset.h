// TensorDataset: inputs and class labels already in tensors, held in memory for a DataLoader
// (torch.utils.data.TensorDataset).
#pragma once
#include <nabla/data/labeled_data.h>
#include <nabla/tensor/tensor.h>

namespace nabla::data {

// x: (N, *sample_shape), any floating or integer dtype (batches come out float32); y: int64
// (N) with values >= 0. num_classes is the largest label + 1.
//   TensorDataset data(x, y);  DataLoader loader(data, {.batch_size = 4});
struct TensorDataset : LabeledData {
  TensorDataset(const Tensor& x, const Tensor& y);
};

}  // namespace nabla::data
