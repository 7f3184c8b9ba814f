// Records an op in the autograd graph: attaches a GradNode to the output when grad mode is on and some
// input requires grad. Rules must not capture the output itself (that would be a reference cycle).
#pragma once
#include <nabla/autograd/grad_node.h>

namespace nabla {

using BackwardRule = std::function<std::vector<Tensor>(const Tensor& grad)>;

inline Tensor record(const char* name, std::vector<Tensor> inputs, Tensor out, BackwardRule rule) {
  if (!GradMode::enabled()) return out;
  bool needed = false;
  for (const Tensor& in : inputs) needed = needed || (in.defined() && in.requires_grad());
  if (!needed) return out;
  auto node = std::make_shared<GradNode>();
  node->name = name;
  node->inputs = std::move(inputs);
  node->backward = std::move(rule);
  out.impl().grad_fn = std::move(node);
  return out;
}

// Whether a backward rule is building a graph of its own (create_graph): then rules recompute values
// from their inputs instead of reusing saved, detached outputs.
inline bool building_graph() { return GradMode::enabled(); }

inline Tensor scalar_like(double v, const Tensor& t) { return Tensor::scalar(v, t.dtype()); }

}  // namespace nabla
