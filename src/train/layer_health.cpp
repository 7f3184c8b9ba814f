// Per-layer gradient norms, update ratios and dead ReLUs.
#include <nabla/train/layer_health.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include <nabla/autograd/grad_node.h>
#include <nabla/nn/activation.h>

#include "run.h"

namespace nabla::train {
namespace {

// Σ(a − b)² of two tensors of one shape and dtype, in double.
template <class T>
double squared_distance(const T* a, const T* b, int64_t n) {
  double s = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double d = static_cast<double>(a[i]) - static_cast<double>(b[i]);
    s += d * d;
  }
  return s;
}

double squared_distance(const Tensor& a, const Tensor& b) {
  const Tensor x = a.contiguous(), y = b.contiguous();
  if (x.dtype() == DType::f32) return squared_distance(x.data<float>(), y.data<float>(), x.numel());
  if (x.dtype() == DType::f64) return squared_distance(x.data<double>(), y.data<double>(), x.numel());
  return 0;
}

void check_parallel(std::size_t tensors, const LayerIndex& index) {
  if (tensors != index.of_parameter.size())
    throw std::invalid_argument("layer health: " + std::to_string(tensors) + " tensors for " +
                                std::to_string(index.of_parameter.size()) + " indexed parameters");
}

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
  check_parallel(tensors.size(), index);
  std::vector<double> squares(index.layers.size(), 0.0);
  for (std::size_t p = 0; p < tensors.size(); ++p)
    if (tensors[p].defined()) squares[index.of_parameter[p]] += detail::sum_of_squares(tensors[p]);
  for (double& s : squares) s = std::sqrt(s);
  return squares;
}

std::vector<double> layer_update_ratios(const std::vector<Tensor>& before, const std::vector<Tensor>& after,
                                        const LayerIndex& index) {
  check_parallel(before.size(), index);
  check_parallel(after.size(), index);
  std::vector<double> moved(index.layers.size(), 0.0);
  for (std::size_t p = 0; p < before.size(); ++p) moved[index.of_parameter[p]] += squared_distance(after[p], before[p]);
  const std::vector<double> size = layer_norms(before, index);
  for (std::size_t l = 0; l < moved.size(); ++l) moved[l] = moved[l] == 0 ? 0 : std::sqrt(moved[l]) / size[l];
  return moved;
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
