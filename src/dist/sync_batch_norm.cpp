// The differentiable sum over ranks and the BatchNorm layers that use it.
#include <nabla/dist/sync_batch_norm.h>

#include <memory>

#include <nabla/autograd/grad_node.h>
#include <nabla/dist/world.h>
#include <nabla/nn/batch_norm.h>

namespace nabla::dist {

Tensor sum_over_ranks(const Tensor& x) {
  Tensor out = x.detach().clone();
  all_reduce(out);
  if (GradMode::enabled() && x.requires_grad()) {
    auto node = std::make_shared<GradNode>();
    node->name = "sum_over_ranks";
    node->inputs = {x};
    // d(Σ_r L_r)/dx on this rank = Σ_r ∂L_r/∂out: the same sum, of the gradients.
    node->backward = [](const Tensor& grad) { return std::vector<Tensor>{sum_over_ranks(grad)}; };
    out.impl().grad_fn = std::move(node);
  }
  return out;
}

int convert_sync_batchnorm(nn::Module& module) {
  if (world_size() == 1) return 0;
  int changed = 0;
  if (auto* bn = dynamic_cast<nn::BatchNorm*>(&module)) {
    bn->set_replica_sum(sum_over_ranks);
    ++changed;
  }
  for (const auto& [name, child] : module.children()) changed += convert_sync_batchnorm(*child);
  return changed;
}

}  // namespace nabla::dist
