// A trained Sequential as an ONNX model (onnx::ModelProto, Debian's libonnx): it takes the raw inputs
// that nabla reads, standardises them with the training statistics inside the graph, and outputs logits.
//
// The protobuf classes live in namespace ::onnx; this area's own functions in nabla::onnx.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include <nabla/data/normalization.h>
#include <nabla/nn/sequential.h>

namespace nabla::onnx {

// The operator sets an export may target: 17 is the newest that the ONNX library nabla builds with
// (1.12) can check; 11 the oldest in which every operator used keeps the definition written here.
inline constexpr int64_t kDefaultOpset = 17;
inline constexpr int64_t kMinOpset = 11;
inline constexpr int64_t kMaxOpset = 17;

struct ExportOptions {
  int64_t opset = kDefaultOpset;
  // The training set's per-channel statistics; empty: the graph uses its input as it is.
  data::Normalization normalization{};
  // Written to the metadata as "class_names", a JSON array, when not empty.
  std::vector<std::string> class_names{};
  // The model's doc_string.
  std::string doc{};
};

// requires: every layer of model (nested Sequentials included) is of a kind that supported_layers()
//   names; a sample of shape sample_shape fits the model (e.g. {1, 28, 28} or {F}).
// ensures: a model that passes onnx::checker and strict shape inference, with one graph input "input"
//   [batch, sample_shape…] and one output "logits" [batch, outputs], batch symbolic, so any batch size
//   runs; the layers in eval form (BatchNorm with its running statistics, Dropout the identity);
//   weights as float32 initializers named as in the state dict ("0.weight", "3.running_mean").
// Throws std::invalid_argument naming the opset and its range, an unsupported layer by its index and
// description, or a normalisation whose channel count is not sample_shape[0].
[[nodiscard]] ::onnx::ModelProto export_model(const nn::Sequential& model, const Shape& sample_shape,
                                              const ExportOptions& options = {});

// The layer kinds export_model maps, e.g. "Linear", "Conv2d".
[[nodiscard]] std::vector<std::string> supported_layers();

}  // namespace nabla::onnx
