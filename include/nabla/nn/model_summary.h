// A summary of a model: each layer with its output shape, parameter count and FLOPs per sample, and the
// totals, frozen parameters apart.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nabla/nn/module.h>

namespace nabla::nn {

struct LayerSummary {
  std::string name;         // "0", as in the state dict
  std::string description;  // Module::describe()
  Shape output;             // per sample
  int64_t parameters = 0, frozen = 0;  // values; frozen: those with requires_grad off
  // Floating-point operations of one sample's forward pass, a multiply-add counting 2 and a bias
  // addition 1: counted for Linear and Conv2d, whose products dominate, and for a residual block the sum
  // over the ones inside it; nothing for the other layers (activations, pooling, normalisation, dropout:
  // at most a few operations per element).
  std::optional<int64_t> flops;
};

struct ModelSummary {
  std::vector<LayerSummary> layers;
  int64_t parameters = 0, trainable = 0, frozen = 0;
  int64_t flops = 0;  // the sum of the layers' counted FLOPs
};

// For a Sequential one row per layer, otherwise one row for the module. Output shapes are per sample,
// found by running one zero sample from input_shape (per sample) through the model in eval mode without
// grad; the model's mode is restored afterwards (to that of its root).
[[nodiscard]] ModelSummary summarize_model(Module& model, const Shape& input_shape);

// The summary as a table:
//   #  layer                                         output         params     FLOPs
//   0  Conv2d(1, 32, kernel=3, stride=1, padding=1)  [32, 28, 28]      320    476672  frozen
//   1  ReLU                                          [32, 28, 28]        0         -
//   …
//   total parameters: 421642 (trainable 1290, frozen 420352)
//   FLOPs per sample: 12345678 (12.3 M; a multiply-add counts 2, Linear and Conv2d layers)
// (the short form only from 1000 on).
// A layer with some of its parameters frozen ends in "partly frozen".
[[nodiscard]] std::string format_model_summary(const ModelSummary& summary);
[[nodiscard]] std::string describe_model(Module& model, const Shape& input_shape);

// One line for the start of a run: "model: 9 layers, 421642 parameters (trainable 1290, frozen 420352),
// 12.3 M FLOPs per sample".
[[nodiscard]] std::string compact_model_summary(const ModelSummary& summary);

// 12345678 as "12.3 M", 950 as "950": three significant digits with k, M, G or T.
[[nodiscard]] std::string short_count(double n);

}  // namespace nabla::nn
