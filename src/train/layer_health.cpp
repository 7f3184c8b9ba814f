// Per-layer gradient norms, update ratios and dead ReLUs.
#include <nabla/train/layer_health.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include <nabla/autograd/grad_node.h>
#include <nabla/nn/activation.h>

#include "run.h"
#include "tensor_sums.h"

namespace nabla::train {
namespace {

// Per unit (dimension 1) of a ReLU output, whether some sample or position is above 0.
std::vector<bool> fired(const Tensor& out) {
  const int64_t n = out.size(0), units = out.dim() > 1 ? out.size(1) : 1;
  const int64_t inner = n == 0 || units == 0 ? 0 : out.numel() / (n * units);
  const std::vector<double> v = out.to_vector<double>();
  std::vector<bool> on(static_cast<std::size_t>(units), false);
  for (int64_t s = 0; s < n; ++s)
    for (int64_t u = 0; u < units; ++u)
      for (int64_t k = 0; k < inner && !on[u]; ++k) on[u] = v[(s * units + u) * inner + k] > 0;
  return on;
}

}  // namespace

LayerIndex index_layers(const nn::NamedTensors& parameters) {
  LayerIndex index;
  for (const auto& [name, p] : parameters) {
    const std::size_t dot = name.rfind('.');
    const std::string layer = dot == std::string::npos ? name : name.substr(0, dot);
    std::size_t i = 0;
    while (i < index.layers.size() && index.layers[i].name != layer) ++i;
    if (i == index.layers.size()) index.layers.push_back({.name = layer});
    index.layers[i].parameters += p.numel();
    index.of_parameter.push_back(i);
  }
  return index;
}

std::vector<double> layer_norms(const std::vector<Tensor>& tensors, const LayerIndex& index) {
  std::vector<double> norms = detail::layer_square_sums(tensors, index);
  for (double& s : norms) s = std::sqrt(s);
  return norms;
}

std::vector<double> layer_update_ratios(const std::vector<Tensor>& before, const std::vector<Tensor>& after,
                                        const LayerIndex& index) {
  return detail::layer_update_ratios(detail::layer_square_sums(before, index), before, after, index);
}

double round_significant(double v, int digits) {
  if (!std::isfinite(v) || v == 0) return v;
  char text[32];
  std::snprintf(text, sizeof text, "%.*g", digits, v);
  return std::strtod(text, nullptr);
}

std::vector<std::string> relu_layer_names(const nn::Sequential& model) {
  std::vector<std::string> names;
  for (const auto& [name, layer] : model.children())
    if (dynamic_cast<const nn::ReLU*>(layer.get())) names.push_back(name);
  return names;
}

std::vector<double> dead_relu_shares(nn::Sequential& model, const Tensor& x) {
  const bool was_training = model.is_training();
  model.eval();
  NoGradGuard no_grad;
  std::vector<double> shares;
  Tensor h = x;
  for (const auto& [name, layer] : model.children()) {
    h = (*layer)(h);
    if (!dynamic_cast<const nn::ReLU*>(layer.get())) continue;
    const std::vector<bool> on = fired(h);
    int64_t dead = 0;
    for (bool b : on) dead += b ? 0 : 1;
    shares.push_back(on.empty() ? 0 : static_cast<double>(dead) / static_cast<double>(on.size()));
  }
  model.train(was_training);
  return shares;
}

}  // namespace nabla::train
