// The data-parallel wrapper: rank 0's state for everyone, then averaged gradients after every backward.
#include <nabla/dist/data_parallel.h>

#include <nabla/dist/sync_batch_norm.h>
#include <nabla/dist/world.h>

namespace nabla::dist {

void broadcast_buffers(nn::Module& module, int root) {
  for (const auto& [name, buffer] : module.named_buffers()) broadcast(buffer, root);
}

void broadcast_state(nn::Module& module, int root) {
  for (const auto& [name, param] : module.named_parameters()) broadcast(param, root);
  broadcast_buffers(module, root);
}

DataParallel::DataParallel(std::shared_ptr<nn::Module> module, const DataParallelOptions& options)
    : module_(register_module("module", std::move(module))), options_(options) {
  if (world_size() == 1) return;
  broadcast_state(*module_);
  if (options_.sync_batchnorm) (void)convert_sync_batchnorm(*module_);
  BucketOptions buckets = options_.buckets;
  buckets.finish_in_backward = true;
  reducer_ = std::make_unique<BucketReducer>(module_->trainable_parameters(), buckets);
}

Tensor DataParallel::forward(const Tensor& x) {
  if (reducer_ && options_.broadcast_buffers && module_->is_training()) broadcast_buffers(*module_);
  return module_->forward(x);
}

std::string DataParallel::describe() const { return "DataParallel(" + module_->describe() + ")"; }

}  // namespace nabla::dist
