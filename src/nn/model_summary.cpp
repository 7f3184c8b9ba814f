// summarize_model: layers, per-sample output shapes, parameter counts (frozen apart) and FLOPs.
#include <nabla/nn/model_summary.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <sstream>

#include <nabla/autograd/grad_node.h>
#include <nabla/nn/conv2d.h>
#include <nabla/nn/linear.h>
#include <nabla/nn/residual.h>
#include <nabla/nn/sequential.h>

namespace nabla::nn {
namespace {

Shape per_sample(const Tensor& y) { return Shape(y.shape().begin() + 1, y.shape().end()); }

int64_t numel(const Shape& s) {
  int64_t n = 1;
  for (const int64_t d : s) n *= d;
  return n;
}

// Each output value of Linear and Conv2d is a dot product of weight.numel() / out_features (in, or
// in·k·k) multiply-adds, plus one bias addition.
std::optional<int64_t> layer_flops(const Module& layer, const Shape& output) {
  const Tensor* weight = nullptr;
  bool bias = false;
  if (const auto* linear = dynamic_cast<const Linear*>(&layer)) {
    weight = &linear->weight();
    bias = linear->bias().defined();
  } else if (const auto* conv = dynamic_cast<const Conv2d*>(&layer)) {
    weight = &conv->weight();
    bias = conv->bias().defined();
  } else {
    return std::nullopt;
  }
  const int64_t per_output = 2 * (weight->numel() / weight->shape()[0]) + (bias ? 1 : 0);
  return per_output * numel(output);
}

// x run through layer, and the FLOPs of that pass: a Linear's or Conv2d's own, a residual block's the sum
// over its body and projection shortcut (none when they hold neither).
std::pair<Tensor, std::optional<int64_t>> run_counting(Module& layer, const Tensor& x) {
  auto* residual = dynamic_cast<Residual*>(&layer);
  if (residual == nullptr) {
    Tensor y = layer.forward(x);
    return {y, layer_flops(layer, per_sample(y))};
  }
  std::optional<int64_t> flops;
  for (Sequential* branch : {&residual->body(), residual->shortcut()}) {
    if (branch == nullptr) continue;
    Tensor h = x;
    for (const auto& [name, child] : branch->children()) {
      auto [y, f] = run_counting(*child, h);
      h = std::move(y);
      if (f) flops = flops.value_or(0) + *f;
    }
  }
  return {residual->forward(x), flops};
}

// The layer's row; x becomes its output.
LayerSummary layer_summary(const std::string& name, Module& layer, Tensor& x) {
  auto [y, flops] = run_counting(layer, x);
  x = std::move(y);
  LayerSummary s{.name = name, .description = layer.describe(), .output = per_sample(x), .flops = flops};
  for (const Tensor& p : layer.parameters()) {
    s.parameters += p.numel();
    if (!p.requires_grad()) s.frozen += p.numel();
  }
  return s;
}

std::vector<LayerSummary> layer_summaries(Module& model, const Shape& input_shape) {
  NoGradGuard no_grad;
  Shape batch{1};
  batch.insert(batch.end(), input_shape.begin(), input_shape.end());
  Tensor x = Tensor::zeros(batch, model.dtype());
  std::vector<LayerSummary> layers;
  if (auto* seq = dynamic_cast<Sequential*>(&model)) {
    for (const auto& [name, layer] : seq->children()) layers.push_back(layer_summary(name, *layer, x));
  } else {
    layers.push_back(layer_summary("0", model, x));
  }
  return layers;
}

}  // namespace

ModelSummary summarize_model(Module& model, const Shape& input_shape) {
  const bool was_training = model.is_training();
  model.eval();
  ModelSummary summary;
  try {
    summary.layers = layer_summaries(model, input_shape);
  } catch (...) {
    model.train(was_training);
    throw;
  }
  model.train(was_training);
  for (const LayerSummary& l : summary.layers) summary.flops += l.flops.value_or(0);
  for (const Tensor& p : model.parameters()) (p.requires_grad() ? summary.trainable : summary.frozen) += p.numel();
  summary.parameters = summary.trainable + summary.frozen;
  return summary;
}

std::string short_count(double n) {
  static constexpr std::array<const char*, 5> units = {"", " k", " M", " G", " T"};
  std::size_t unit = 0;
  while (n >= 999.5 && unit + 1 < units.size()) n /= 1000, ++unit;
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f%s" : "%.3g%s", n, units[unit]);
  return text;
}

std::string format_model_summary(const ModelSummary& summary) {
  using Row = std::array<std::string, 6>;  // index, layer, output, params, FLOPs, frozen
  std::vector<Row> rows{{"#", "layer", "output", "params", "FLOPs", ""}};
  for (const LayerSummary& l : summary.layers)
    rows.push_back({l.name, l.description, shape_str(l.output), std::to_string(l.parameters),
                    l.flops ? std::to_string(*l.flops) : "-",
                    l.frozen == 0 ? "" : l.frozen == l.parameters ? "frozen" : "partly frozen"});
  std::array<std::size_t, 6> width{};
  for (const Row& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  const auto pad = [](std::size_t n) { return std::string(n, ' '); };
  std::ostringstream out;
  for (const Row& r : rows) {
    std::string line = r[0] + pad(width[0] - r[0].size() + 2) + r[1] + pad(width[1] - r[1].size() + 2) + r[2] +
                       pad(width[2] - r[2].size() + 2) + pad(width[3] - r[3].size()) + r[3] + pad(2) +
                       pad(width[4] - r[4].size()) + r[4];
    if (!r[5].empty()) line += "  " + r[5];
    out << line << "\n";
  }
  out << "total parameters: " << summary.parameters << " (trainable " << summary.trainable << ", frozen "
      << summary.frozen << ")\n"
      << "FLOPs per sample: " << summary.flops << " ("
      << (summary.flops >= 1000 ? short_count(static_cast<double>(summary.flops)) + "; " : "")
      << "a multiply-add counts 2, Linear and Conv2d layers)\n";
  return out.str();
}

std::string describe_model(Module& model, const Shape& input_shape) {
  return format_model_summary(summarize_model(model, input_shape));
}

std::string compact_model_summary(const ModelSummary& summary) {
  return "model: " + std::to_string(summary.layers.size()) + (summary.layers.size() == 1 ? " layer, " : " layers, ") +
         std::to_string(summary.parameters) + " parameters (trainable " + std::to_string(summary.trainable) +
         ", frozen " + std::to_string(summary.frozen) + "), " + short_count(static_cast<double>(summary.flops)) +
         " FLOPs per sample";
}

}  // namespace nabla::nn
