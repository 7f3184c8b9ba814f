// A printable summary of a model: each layer with its output shape and parameter count, and the totals.
#pragma once
#include <string>

#include <nabla/nn/module.h>

namespace nabla::nn {

// For a Sequential one row per layer, otherwise one row for the module:
//   #  layer                                         output         params
//   0  Conv2d(1, 32, kernel=3, stride=1, padding=1)  [32, 28, 28]      320
//   …
//   total parameters: 421642 (trainable 421642)
// Output shapes are per sample, found by running one zero sample from input_shape (per sample) through
// the model in eval mode without grad; the model's mode is restored afterwards (to that of its root).
[[nodiscard]] std::string describe_model(Module& model, const Shape& input_shape);

}  // namespace nabla::nn
