// The one seam between backward() and step(): a data-parallel run averages gradients across
// processes here (an MPI all-reduce); a single process leaves them as they are.
#pragma once
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla::train {

class GradientReducer {
 public:
  virtual ~GradientReducer() = default;
  // Called once per batch with the parameters whose .grad() the optimizer is about to use.
  virtual void reduce(const std::vector<Tensor>& params) = 0;
};

}  // namespace nabla::train
