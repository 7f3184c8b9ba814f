// Per-layer health of a model in training: which layer each parameter belongs to, each layer's gradient
// norm and update ratio, and the share of units behind each ReLU that never fire.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <nabla/nn/sequential.h>
#include <nabla/tensor/tensor.h>
#include <nabla/train/history.h>

namespace nabla::train {

// A model's parameterised layers, and the layer of each parameter: "3.weight" and "3.bias" belong to
// layer "3", "block.0.weight" to "block.0". Layers in the order their first parameter comes.
struct LayerIndex {
  std::vector<LayerInfo> layers;          // with the values of the parameters given
  std::vector<std::size_t> of_parameter;  // parallel to the parameters given
};
[[nodiscard]] LayerIndex index_layers(const nn::NamedTensors& parameters);

// Per layer, the L2 norm √(Σ‖t‖²) of its tensors; tensors is parallel to the indexed parameters, and an
// undefined tensor (a parameter without a gradient) counts as 0.
[[nodiscard]] std::vector<double> layer_norms(const std::vector<Tensor>& tensors, const LayerIndex& index);

// Per layer, the update ratio ‖after − before‖/‖before‖ of one step (0 for a layer whose weights are all 0
// and did not move; ∞ when they moved from 0).
[[nodiscard]] std::vector<double> layer_update_ratios(const std::vector<Tensor>& before,
                                                      const std::vector<Tensor>& after, const LayerIndex& index);

// v to `digits` significant digits: what a diagnosis reads of a per-layer value, and what keeps
// history.json short.
[[nodiscard]] double round_significant(double v, int digits = 4);

// The names of the model's top-level ReLU layers, in order.
[[nodiscard]] std::vector<std::string> relu_layer_names(const nn::Sequential& model);

// Per top-level ReLU layer, the share of its units — features of a [N, F] output, channels of a
// [N, C, ...] one — that output 0 for every sample (and position) of the batch x: units that never fire
// pass no gradient back and so cannot learn to fire again. Runs the model's layers one by one in eval
// mode without recording a graph; the model's mode is restored.
[[nodiscard]] std::vector<double> dead_relu_shares(nn::Sequential& model, const Tensor& x);

}  // namespace nabla::train
