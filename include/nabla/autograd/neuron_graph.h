// The lecture's neuron as a computational graph on the autograd engine:
//   z_i = w_i·x_i,  q = Σ z_i (+ b),  v = y·q,  p = σ(v),  L = −log p
// with every node's value, every local gradient, ∂L/∂w from backward(), and one gradient step.
#pragma once
#include <optional>
#include <vector>

namespace nabla {

struct NeuronProblem {
  std::vector<double> weights{};
  std::optional<double> bias{};
  std::vector<double> input{};
  std::optional<double> label{};  // ±1; without it only the classifier's output is computed (Example I)
  double lr = 1.0;
};

struct NeuronLocalGradients {
  double dL_dp = 0;              // −1/p
  double dp_dv = 0;              // σ(v)(1 − σ(v))
  double dv_dq = 0;              // y
  std::vector<double> dq_dz;     // 1 each
  std::vector<double> dz_dw;     // x_i
};

struct NeuronTrace {
  std::vector<double> z;
  double q = 0;
  // Classifier output σ(q) and its decision sign(q) (Example I).
  double score_probability = 0;
  int predicted_label = 0;
  // With a label (Example II):
  double v = 0, p = 0, loss = 0;
  NeuronLocalGradients local;
  std::vector<double> grad_weights;  // from the engine's backward()
  std::optional<double> grad_bias;
  std::vector<double> updated_weights;  // w − α·∂L/∂w
  std::optional<double> updated_bias;
};

// Builds the graph in float64, runs backward() when a label is given. Throws on mismatched sizes or a
// label other than ±1.
[[nodiscard]] NeuronTrace run_neuron(const NeuronProblem& problem);

}  // namespace nabla
