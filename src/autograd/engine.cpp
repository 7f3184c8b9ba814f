// The backward pass: topological order by an explicit-stack DFS, then one reverse loop over the nodes that
// hands each leaf its gradient as soon as the last node using it has run.
#include <nabla/autograd/engine.h>

#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>

#include "backward_notifier.h"

namespace nabla {
namespace {

// Nodes reachable from root, each after every node that consumes its output.
std::vector<GradNode*> topological_order(GradNode* root) {
  std::vector<GradNode*> order;
  std::unordered_set<GradNode*> visited{root};
  std::vector<std::pair<GradNode*, std::size_t>> stack{{root, 0}};
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (next < node->inputs.size()) {
      GradNode* child = node->inputs[next++].grad_fn().get();
      if (child && visited.insert(child).second) stack.emplace_back(child, 0);
    } else {
      order.push_back(node);
      stack.pop_back();
    }
  }
  std::reverse(order.begin(), order.end());  // root first
  return order;
}

// g by value: the first gradient of a slot is moved in, never shared.
Tensor accumulate(const Tensor& total, Tensor g) {
  if (!total.defined()) return g;
  return add(total, g);
}

Tensor default_grad(const Tensor& output, const Tensor& grad_output, const char* op) {
  if (!output.requires_grad())
    throw std::invalid_argument(std::string(op) + ": the output " + output.describe() +
                                " does not require grad (no input requires grad, or it was computed under no-grad)");
  if (grad_output.defined()) {
    if (grad_output.shape() != output.shape())
      throw std::invalid_argument(std::string(op) + ": gradient " + grad_output.describe() +
                                  " does not match output " + output.describe());
    return grad_output;
  }
  if (output.numel() != 1)
    throw std::invalid_argument(std::string(op) + ": output " + output.describe() +
                                " is not a scalar; pass its gradient explicitly");
  return Tensor::ones(output.shape(), output.dtype());
}

// A leaf of the graph that gets a gradient: defined, no grad_fn, requires grad.
bool is_grad_leaf(const Tensor& t) { return t.defined() && !t.grad_fn() && t.impl().requires_grad; }

// Runs the graph below output; `sink(leaf, grad)` receives each leaf's total gradient as soon as it is
// final (the last node using the leaf has run), while the rest of the graph is still differentiated;
// `on_node(node, grad)` sees each node's total output gradient before its rule runs.
template <class Sink, class OnNode>
void run_backward(const Tensor& output, const Tensor& grad_out, bool create_graph, Sink sink, OnNode on_node) {
  NoGradGuard mode(create_graph);
  if (!output.grad_fn()) {
    sink(output, grad_out);
    return;
  }
  const std::vector<GradNode*> order = topological_order(output.grad_fn().get());
  std::unordered_map<TensorImpl*, int64_t> uses_left;  // leaf -> nodes still to run that use it
  for (GradNode* node : order)
    for (const Tensor& in : node->inputs)
      if (is_grad_leaf(in)) ++uses_left[in.impl_ptr().get()];
  std::unordered_map<GradNode*, Tensor> grads{{output.grad_fn().get(), grad_out}};
  std::unordered_map<TensorImpl*, Tensor> leaf_grads;  // leaf -> total grad so far
  for (GradNode* node : order) {
    std::vector<Tensor> input_grads;
    if (auto it = grads.find(node); it != grads.end()) {
      const Tensor g = create_graph ? it->second : it->second.detach();
      grads.erase(it);
      on_node(node, g);
      input_grads = node->backward(g);
    }
    for (std::size_t i = 0; i < node->inputs.size(); ++i) {
      const Tensor& in = node->inputs[i];
      if (i < input_grads.size() && input_grads[i].defined() && in.requires_grad()) {
        if (input_grads[i].shape() != in.shape())
          throw std::logic_error("backward of " + node->name + ": gradient " + input_grads[i].describe() +
                                 " for input " + in.describe());
        // Moved, so that a fresh gradient reaches the sink with no other reference to it.
        Tensor& slot = in.grad_fn() ? grads[in.grad_fn().get()] : leaf_grads[in.impl_ptr().get()];
        slot = accumulate(slot, std::move(input_grads[i]));
      }
      if (!is_grad_leaf(in) || --uses_left[in.impl_ptr().get()] > 0) continue;
      if (auto done = leaf_grads.find(in.impl_ptr().get()); done != leaf_grads.end()) {
        const Tensor total = std::move(done->second);
        leaf_grads.erase(done);
        sink(in, total);
      }
    }
  }
}

}  // namespace

void backward(const Tensor& output, const Tensor& grad_output, bool create_graph) {
  const Tensor g = default_grad(output, grad_output, "backward");
  create_graph = create_graph || GradMode::create_graph();
  detail::BackwardNotifier notifier;
  run_backward(
      output, g, create_graph,
      [&](const Tensor& leaf, const Tensor& lg) {
        if (!leaf.impl().requires_grad) return;
        // A gradient tensor may be shared, by several leaves (y = a + b gives both the same one), with the
        // caller's grad_output, or through a view: then .grad gets a copy. One that nothing else references
        // (the usual case: a weight gradient fresh from its kernel) is handed over as it is.
        const bool sole_owner =
            lg.impl_ptr().use_count() == 1 && lg.impl().storage.use_count() == 1 && lg.is_contiguous();
        Tensor total = leaf.grad().defined() ? add(leaf.grad(), lg) : (create_graph || sole_owner ? lg : lg.clone());
        leaf.set_grad(create_graph ? total : total.detach());
        notifier.grad_ready(leaf);
      },
      [](GradNode*, const Tensor&) {});
  notifier.done();
}

std::vector<Tensor> grad(const Tensor& output, const std::vector<Tensor>& inputs, const Tensor& grad_output,
                         bool create_graph) {
  const Tensor g = default_grad(output, grad_output, "grad");
  std::unordered_map<TensorImpl*, std::size_t> leaf_index;
  std::unordered_map<GradNode*, std::size_t> node_index;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].requires_grad())
      throw std::invalid_argument("grad: input " + std::to_string(i) + " " + inputs[i].describe() +
                                  " does not require grad");
    if (inputs[i].grad_fn())
      node_index[inputs[i].grad_fn().get()] = i;
    else
      leaf_index[inputs[i].impl_ptr().get()] = i;
  }
  std::vector<Tensor> result(inputs.size());
  run_backward(
      output, g, create_graph,
      [&](const Tensor& leaf, const Tensor& lg) {
        if (auto it = leaf_index.find(leaf.impl_ptr().get()); it != leaf_index.end()) result[it->second] = lg;
      },
      [&](GradNode* node, const Tensor& ng) {
        if (auto it = node_index.find(node); it != node_index.end()) result[it->second] = ng;
      });
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (!result[i].defined()) result[i] = Tensor::zeros(inputs[i].shape(), inputs[i].dtype());
  return result;
}

void zero_grad(const std::vector<Tensor>& tensors) {
  for (const Tensor& t : tensors) t.impl().grad.reset();
}

}  // namespace nabla
