// A node of the autograd graph: the op's inputs and the rule that maps the output's gradient to theirs.
// Rules are written with differentiable ops, so with grad mode on during backward they record a graph
// of their own: that is grad-of-grad (create_graph).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla {

struct GradNode {
  std::string name;
  std::vector<Tensor> inputs;
  // grad of the output -> one gradient per input (undefined where the input needs none).
  std::function<std::vector<Tensor>(const Tensor& grad)> backward;

  GradNode() = default;
  GradNode(const GradNode&) = delete;
  GradNode& operator=(const GradNode&) = delete;
  // Releases the graph below iteratively: a chain of 10⁵ ops must not recurse 10⁵ deep on destruction.
  ~GradNode();
};

// Whether ops record the graph (thread-local, on by default), and whether backward() builds
// differentiable gradients even where its caller did not ask for create_graph (thread-local, off by
// default; see CreateGraphGuard).
class GradMode {
 public:
  [[nodiscard]] static bool enabled();
  static void set_enabled(bool on);
  [[nodiscard]] static bool create_graph();
  static void set_create_graph(bool on);
};

// RAII scope that sets grad mode (default: off, as torch.no_grad) and restores it on exit.
class NoGradGuard {
 public:
  explicit NoGradGuard(bool enable = false) : previous_(GradMode::enabled()) { GradMode::set_enabled(enable); }
  ~NoGradGuard() { GradMode::set_enabled(previous_); }
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

// RAII scope in which every backward() runs as backward(..., create_graph = true): the gradients it
// leaves in .grad are differentiable. Newton runs the user's closure (which calls backward itself)
// under it, then differentiates those gradients once more for the Hessian.
class CreateGraphGuard {
 public:
  CreateGraphGuard() : previous_(GradMode::create_graph()) { GradMode::set_create_graph(true); }
  ~CreateGraphGuard() { GradMode::set_create_graph(previous_); }
  CreateGraphGuard(const CreateGraphGuard&) = delete;
  CreateGraphGuard& operator=(const CreateGraphGuard&) = delete;

 private:
  bool previous_;
};

}  // namespace nabla
