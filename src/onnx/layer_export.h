// One export function per layer kind: the nodes and initializers of a layer, appended to the graph.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include <nabla/nn/module.h>

namespace nabla::onnx::detail {

// A value of the graph being built: its name and the shape of one sample in it (the batch comes
// first and is not part of it).
struct Value {
  std::string name;
  Shape sample_shape;
};

// Appends the nodes that compute `layer` (in eval form) from input. prefix is the layer's state-dict
// prefix ("3", "2.1"; empty for the whole model), which names its initializers and nodes. Returns the
// value the layer writes. Throws std::invalid_argument naming the layer by index and description when
// its kind has no mapping or it does not fit the input's sample shape.
[[nodiscard]] Value export_layer(::onnx::GraphProto& graph, const nn::Module& layer, const std::string& prefix,
                                 const Value& input);

// The kinds export_layer maps, in the order it tries them.
[[nodiscard]] std::vector<std::string> layer_kinds();

}  // namespace nabla::onnx::detail
