// The one seam between backward() and step(): a data-parallel run averages gradients across
// processes here (an MPI all-reduce); a single process leaves them as they are.
#pragma once
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla::train {

class GradientReducer {
 public:
  virtual ~GradientReducer() = default;
  // Called after every backward() of the training closure, with the parameters whose .grad() the
  // optimizer is about to use: once per batch, more often when L-BFGS or Newton's line search
  // evaluate the batch again.
  virtual void reduce(const std::vector<Tensor>& params) = 0;
};

}  // namespace nabla::train
