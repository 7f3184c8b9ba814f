// export_model: the graph's input, the standardisation, the layers, the output and the metadata, then
// the ONNX checker and strict shape inference over the result.
#include <nabla/onnx/onnx_export.h>

#include <stdexcept>

#include <nlohmann/json.hpp>
#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>

#include "graph_builder.h"
#include "layer_export.h"

namespace nabla::onnx {
namespace {

using detail::Value;

constexpr const char* kBatch = "batch";

void check_opset(int64_t opset) {
  if (opset < kMinOpset || opset > kMaxOpset)
    throw std::invalid_argument("onnx export: opset " + std::to_string(opset) + " is not supported; the range is " +
                                std::to_string(kMinOpset) + " to " + std::to_string(kMaxOpset));
}

// The graph input "input": [batch, sample_shape…].
Value add_input(::onnx::GraphProto& graph, const Shape& sample_shape, bool standardized) {
  ::onnx::ValueInfoProto& input = *graph.add_input();
  input.set_name("input");
  *input.mutable_type() = detail::float_tensor_type(kBatch, sample_shape);
  input.set_doc_string(standardized ? "raw samples, as nabla reads them from the data; the graph standardises "
                                      "them with the training set's per-channel mean and standard deviation"
                                    : "samples, as nabla reads them from the data");
  return {input.name(), sample_shape};
}

// x ← (x − mean[c])·scale[c] over channel c = dimension 1, as data::apply_normalization computes it:
// scale = 1/std, or 1 for a channel with std 0 (only centred).
Value add_standardization(::onnx::GraphProto& graph, const Value& x, const data::Normalization& norm) {
  const Shape& sample_shape = x.sample_shape;
  const auto channels = static_cast<std::size_t>(sample_shape.at(0));
  if (norm.mean.size() != channels || norm.std.size() != channels)
    throw std::invalid_argument("onnx export: the normalisation has " + std::to_string(norm.mean.size()) +
                                " means and " + std::to_string(norm.std.size()) + " stds, but samples of shape " +
                                shape_str(sample_shape) + " have " + std::to_string(channels) + " channels");
  std::vector<float> scale;
  for (float s : norm.std) scale.push_back(s > 0.0f ? 1.0f / s : 1.0f);
  // [C, 1, …, 1]: broadcast over the batch and every dimension after the channel.
  Shape dims(sample_shape.size(), 1);
  dims[0] = sample_shape[0];
  detail::add_initializer(graph, "normalization.mean", norm.mean, dims);
  detail::add_initializer(graph, "normalization.scale", scale, dims);
  detail::add_node(graph, "Sub", "normalization.Sub", {x.name, "normalization.mean"});
  detail::add_node(graph, "Mul", "normalization.Mul", {"normalization.Sub", "normalization.scale"});
  return {"normalization.Mul", sample_shape};
}

// Names the model's last value "logits": renames the node that writes it, or copies the graph's
// input when no node does (a model of identities).
void add_output(::onnx::GraphProto& graph, const Value& y) {
  ::onnx::NodeProto* last = graph.node_size() ? graph.mutable_node(graph.node_size() - 1) : nullptr;
  if (last && last->output(0) == y.name)
    last->set_output(0, "logits");
  else
    detail::add_node(graph, "Identity", "logits", {y.name});
  ::onnx::ValueInfoProto& output = *graph.add_output();
  output.set_name("logits");
  *output.mutable_type() = detail::float_tensor_type(kBatch, y.sample_shape);
  const bool binary = y.sample_shape == Shape{1};
  output.set_doc_string(binary ? "logits: one per sample, before the sigmoid; nabla predicts class 1 when it is >= 0 "
                                 "and class 0 otherwise (the metadata's class_names name them)"
                               : "logits: one per class, before the softmax, in the order of the metadata's "
                                 "class_names; nabla predicts the class of the largest");
}

// The ONNX checker, and strict shape inference: every node's types and shapes agree with the
// declared output. Either refusing is a bug of this exporter. The intermediate shapes that inference
// records are dropped again: runtimes infer them themselves.
void check(::onnx::ModelProto& model) {
  try {
    ::onnx::checker::check_model(model);
    ::onnx::shape_inference::InferShapes(model, ::onnx::OpSchemaRegistry::Instance(),
                                         ::onnx::ShapeInferenceOptions(/*check_type_val=*/true, /*strict_mode_val=*/1));
  } catch (const std::runtime_error& e) {  // onnx::checker::ValidationError, onnx::InferenceError
    throw std::logic_error(std::string("onnx export: ONNX refuses the exported model: ") + e.what());
  }
  model.mutable_graph()->clear_value_info();
}

}  // namespace

::onnx::ModelProto export_model(const nn::Sequential& model, const Shape& sample_shape, const ExportOptions& options) {
  check_opset(options.opset);
  if (sample_shape.empty()) throw std::invalid_argument("onnx export: the sample shape is empty");
  ::onnx::ModelProto proto;
  proto.set_ir_version(::onnx::IR_VERSION);
  proto.set_producer_name("nabla");
  proto.set_producer_version(NABLA_VERSION);
  proto.set_doc_string(options.doc);
  ::onnx::OperatorSetIdProto& opset = *proto.add_opset_import();
  opset.set_domain("");
  opset.set_version(options.opset);
  ::onnx::GraphProto& graph = *proto.mutable_graph();
  graph.set_name("nabla");
  const bool standardized = !options.normalization.mean.empty() || !options.normalization.std.empty();
  Value x = add_input(graph, sample_shape, standardized);
  if (standardized) x = add_standardization(graph, x, options.normalization);
  add_output(graph, detail::export_layer(graph, model, "", x));
  if (!options.class_names.empty()) {
    ::onnx::StringStringEntryProto& entry = *proto.add_metadata_props();
    entry.set_key("class_names");
    // Protobuf strings must be UTF-8: a byte that is not becomes U+FFFD.
    entry.set_value(nlohmann::json(options.class_names).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  check(proto);
  return proto;
}

std::vector<std::string> supported_layers() { return detail::layer_kinds(); }

}  // namespace nabla::onnx
