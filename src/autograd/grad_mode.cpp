// Graph nodes' lifetime and the thread-local switches that decide whether ops record the graph and
// whether backward() builds differentiable gradients.
#include <nabla/autograd/grad_node.h>

namespace nabla {
namespace {
thread_local bool grad_enabled = true;
thread_local bool create_graph_enabled = false;
}

namespace {

// Moves out every node that only `node` keeps alive, so the caller can free them without recursion.
void detach_inputs(GradNode& node, std::vector<std::shared_ptr<GradNode>>& pending) {
  node.backward = nullptr;  // drops the rule's captured tensors first, so the inputs below are sole owners
  for (Tensor& t : node.inputs) {
    if (!t.defined() || t.impl_ptr().use_count() != 1) continue;
    std::shared_ptr<GradNode>& child = t.impl().grad_fn;
    if (child && child.use_count() == 1) pending.push_back(std::move(child));
  }
  node.inputs.clear();
}

}  // namespace

GradNode::~GradNode() {
  std::vector<std::shared_ptr<GradNode>> pending;
  detach_inputs(*this, pending);
  while (!pending.empty()) {
    std::shared_ptr<GradNode> node = std::move(pending.back());
    pending.pop_back();
    detach_inputs(*node, pending);
  }
}

bool GradMode::enabled() { return grad_enabled; }
void GradMode::set_enabled(bool on) { grad_enabled = on; }
bool GradMode::create_graph() { return create_graph_enabled; }
void GradMode::set_create_graph(bool on) { create_graph_enabled = on; }

}  // namespace nabla
