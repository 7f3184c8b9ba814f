// The data-parallel gradient reducer: buckets in flight during backward, waited for in reduce().
#include <nabla/train/gradient_reducer.h>

namespace nabla::train {

dist::BucketOptions AllReduceGradients::finished_by_reduce(dist::BucketOptions options) {
  options.finish_in_backward = false;
  return options;
}

AllReduceGradients::AllReduceGradients(const std::vector<Tensor>& params, dist::BucketOptions options)
    : buckets_(params, finished_by_reduce(options)) {}

void AllReduceGradients::reduce(const std::vector<Tensor>&) { buckets_.finish(); }

}  // namespace nabla::train
