// Records an op in the autograd graph: attaches a GradNode to the output when grad mode is on and some
// input requires grad. Rules must not capture the output itself (that would be a reference cycle).
#pragma once
#include <nabla/autograd/grad_node.h>

namespace nabla {

using BackwardRule = std::function<std::vector<Tensor>(const Tensor& grad)>;

// What the graph keeps of an op's input: a leaf itself (its gradient lands in its .grad), but of an op's
// output only its shape, dtype and grad_fn, all the engine routes gradients by. A rule captures the
// values its formula needs, so an input that no rule needs (add's, for one) is freed once nothing else
// holds it, instead of living until backward.
inline Tensor graph_edge(const Tensor& t) {
  if (!t.defined() || !t.grad_fn()) return t;
  auto edge = std::make_shared<TensorImpl>();
  edge->shape = t.shape();
  edge->strides = t.strides();
  edge->dtype = t.dtype();
  edge->grad_fn = t.grad_fn();
  return Tensor(std::move(edge));
}

inline Tensor record(const char* name, const std::vector<Tensor>& inputs, Tensor out, BackwardRule rule) {
  if (!GradMode::enabled()) return out;
  bool needed = false;
  for (const Tensor& in : inputs) needed = needed || (in.defined() && in.requires_grad());
  if (!needed) return out;
  auto node = std::make_shared<GradNode>();
  node->name = name;
  node->inputs.reserve(inputs.size());
  for (const Tensor& in : inputs) node->inputs.push_back(graph_edge(in));
  node->backward = std::move(rule);
  out.impl().grad_fn = std::move(node);
  return out;
}

// Whether a backward rule is building a graph of its own (create_graph): then rules recompute values
// from their inputs instead of reusing saved, detached outputs.
inline bool building_graph() { return GradMode::enabled(); }

inline Tensor scalar_like(double v, const Tensor& t) { return Tensor::scalar(v, t.dtype()); }

}  // namespace nabla
