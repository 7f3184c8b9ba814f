// Fine-tuning a model that starts from given weights: parameters frozen by name prefix (`freeze`) and the
// head, the last Linear layer, left at its fresh initialisation (`reset_head`).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nabla/nn/module.h>
#include <nabla/train/train_config.h>

namespace nabla::train {

// The prefixes of a list such as "0.,3.", in the order given. Throws std::invalid_argument whose message
// follows the option's name ("freeze: " + what()) for an empty item or a repeated one.
[[nodiscard]] std::vector<std::string> parse_prefix_list(const std::string& text);

struct ParameterCounts {
  int64_t trainable = 0, frozen = 0;  // numbers of values (not of tensors)
};

// Turns requires_grad off for every parameter whose name (model.named_parameters()) starts with one of
// the prefixes, and returns the counts that result. Requires: each prefix matches a parameter; otherwise
// throws std::invalid_argument("freeze: prefix \"9.\" matches no parameter; the parameters are …") naming
// the first such prefix and listing every parameter name, before anything is frozen.
ParameterCounts freeze_parameters(nn::Module& model, const std::vector<std::string>& prefixes);

// The numbers of trainable and frozen parameter values of a model.
[[nodiscard]] ParameterCounts parameter_counts(const nn::Module& model);

// The name prefix of the model's head, the last Linear among its children ("6." for the ConvNet), whose
// tensors reset_head leaves at their initialisation. Throws std::invalid_argument("reset_head: …") for a
// model without a Linear child.
[[nodiscard]] std::string head_prefix(const nn::Module& model);

// Fine-tuning a run keeps its architecture unless told otherwise: when the last layer that sets init_from
// names a run folder holding config.json and no layer sets model, a layer setting the run's model, to go
// before the others; else nothing. Throws std::invalid_argument naming the file when its config.json is
// not JSON or its model is not a text.
[[nodiscard]] std::optional<ConfigLayer> init_run_model_layer(const std::vector<ConfigLayer>& layers);

}  // namespace nabla::train
