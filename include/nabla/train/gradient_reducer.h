// The one seam between backward() and step(): a data-parallel run averages gradients across
// processes here (an MPI all-reduce); a single process leaves them as they are.
#pragma once
#include <vector>

#include <nabla/dist/bucket_reducer.h>
#include <nabla/tensor/tensor.h>

namespace nabla::train {

class GradientReducer {
 public:
  virtual ~GradientReducer() = default;
  // Called after the backward() passes of every evaluation of the training closure, with the parameters
  // whose .grad the optimizer is about to use: once per step (after its --accumulate micro-batches), more
  // often when L-BFGS or Newton's line search evaluate the batch again.
  virtual void reduce(const std::vector<Tensor>& params) = 0;
};

// The reducer of a data-parallel run (the trainer's own when the world has more than one process):
// backward() all-reduces the gradients in buckets while it runs (dist::BucketReducer) and reduce() waits
// for them, leaving in .grad the average over the processes.
class AllReduceGradients final : public GradientReducer {
 public:
  explicit AllReduceGradients(const std::vector<Tensor>& params, dist::BucketOptions options = {});
  void reduce(const std::vector<Tensor>& params) override;
  // Off: backward() leaves the gradients to accumulate locally (the first micro-batches of a step).
  void set_sync(bool on) { buckets_.set_sync(on); }
  [[nodiscard]] const dist::ReducerStats& stats() const { return buckets_.stats(); }

 private:
  static dist::BucketOptions finished_by_reduce(dist::BucketOptions options);
  dist::BucketReducer buckets_;
};

}  // namespace nabla::train
