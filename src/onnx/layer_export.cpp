// The mapping of each layer kind to ONNX operators, with the sample shape tracked through the layers
// so that a layer that does not fit its input is named here rather than by a runtime. A new kind is one
// function and one line in kinds().
#include "layer_export.h"

#include <functional>
#include <optional>
#include <stdexcept>

#include <onnx/defs/attr_proto_util.h>

#include <nabla/nn/activation.h>
#include <nabla/nn/batch_norm.h>
#include <nabla/nn/conv2d.h>
#include <nabla/nn/dropout.h>
#include <nabla/nn/flatten.h>
#include <nabla/nn/global_avg_pool.h>
#include <nabla/nn/linear.h>
#include <nabla/nn/pool2d.h>
#include <nabla/nn/residual.h>
#include <nabla/nn/sequential.h>

#include "graph_builder.h"

namespace nabla::onnx::detail {
namespace {

using ::onnx::MakeAttribute;

// What an export function gets: the graph, the layer, its state-dict prefix and its input.
struct LayerContext {
  ::onnx::GraphProto& graph;
  const nn::Module& layer;
  const std::string& prefix;
  const Value& input;

  [[nodiscard]] std::invalid_argument error(const std::string& what) const {
    return std::invalid_argument("onnx export: layer " + prefix + " (" + layer.describe() + ") " + what);
  }
  // Throws unless the input's sample shape has `rank` dimensions and starts with `first` (when >= 0);
  // `pattern` spells the shape needed, e.g. "[3, H, W]".
  void need(std::size_t rank, int64_t first, const std::string& pattern) const {
    const Shape& s = input.sample_shape;
    if (s.size() != rank || (first >= 0 && s[0] != first))
      throw error("needs samples of shape " + pattern + ", but gets " + shape_str(s));
  }
  // The name of a parameter or buffer of this layer ("3.weight").
  [[nodiscard]] std::string tensor_name(const char* name) const { return prefix + "." + name; }
  // A node of this layer named "3.Conv", reading inputs.
  ::onnx::NodeProto& node(const std::string& op_type, const std::vector<std::string>& inputs) const {
    return add_node(graph, op_type, prefix + "." + op_type, inputs);
  }
  // An elementwise node of this layer on its input.
  [[nodiscard]] Value elementwise(const std::string& op_type) const {
    return {node(op_type, {input.name}).output(0), input.sample_shape};
  }
};

// A square window of conv or pooling, the same stride and padding on every side: its attributes, and
// the sample shape it leaves of [C, H, W], (H + 2p − d(k − 1) − 1)/s + 1 on each side. Only a conv
// dilates (ONNX's AveragePool has no dilations before opset 19).
struct Window {
  int64_t kernel, stride, padding, dilation = 1;

  void set(::onnx::NodeProto& n) const {
    *n.add_attribute() = MakeAttribute("kernel_shape", std::vector<int64_t>{kernel, kernel});
    *n.add_attribute() = MakeAttribute("strides", std::vector<int64_t>{stride, stride});
    *n.add_attribute() = MakeAttribute("pads", std::vector<int64_t>{padding, padding, padding, padding});
    if (dilation != 1) *n.add_attribute() = MakeAttribute("dilations", std::vector<int64_t>{dilation, dilation});
  }
  [[nodiscard]] Shape output(const LayerContext& c, int64_t channels) const {
    const Shape& s = c.input.sample_shape;
    const int64_t span = dilation * (kernel - 1) + 1;
    if (s[1] + 2 * padding < span || s[2] + 2 * padding < span)
      throw c.error("leaves nothing of samples of shape " + shape_str(s));
    return {channels, (s[1] + 2 * padding - span) / stride + 1, (s[2] + 2 * padding - span) / stride + 1};
  }
};

// y = x Wᵀ + b
Value export_linear(const nn::Linear& m, const LayerContext& c) {
  c.need(1, m.in_features(), "[" + std::to_string(m.in_features()) + "]");
  std::vector<std::string> inputs{c.input.name, add_initializer(c.graph, c.tensor_name("weight"), m.weight())};
  if (m.bias().defined()) inputs.push_back(add_initializer(c.graph, c.tensor_name("bias"), m.bias()));
  ::onnx::NodeProto& n = c.node("Gemm", inputs);
  *n.add_attribute() = MakeAttribute("transB", int64_t{1});
  return {n.output(0), {m.out_features()}};
}

Value export_conv2d(const nn::Conv2d& m, const LayerContext& c) {
  const int64_t in = m.weight().size(1) * m.options().groups;
  c.need(3, in, "[" + std::to_string(in) + ", H, W]");
  std::vector<std::string> inputs{c.input.name, add_initializer(c.graph, c.tensor_name("weight"), m.weight())};
  if (m.bias().defined()) inputs.push_back(add_initializer(c.graph, c.tensor_name("bias"), m.bias()));
  const Window w{m.kernel_size(), m.options().stride, m.options().padding, m.options().dilation};
  ::onnx::NodeProto& n = c.node("Conv", inputs);
  w.set(n);
  if (m.options().groups != 1) *n.add_attribute() = MakeAttribute("group", m.options().groups);
  return {n.output(0), w.output(c, m.weight().size(0))};
}

// GlobalAveragePool leaves (N, C, 1, 1); Flatten makes it nabla's (N, C).
Value export_global_avg_pool(const nn::GlobalAvgPool2d&, const LayerContext& c) {
  c.need(3, -1, "[C, H, W]");
  const std::string pooled = c.node("GlobalAveragePool", {c.input.name}).output(0);
  ::onnx::NodeProto& n = c.node("Flatten", {pooled});
  *n.add_attribute() = MakeAttribute("axis", int64_t{1});
  return {n.output(0), {c.input.sample_shape[0]}};
}

// Padding never wins the maximum, as in nabla.
Value export_max_pool2d(const nn::MaxPool2d& m, const LayerContext& c) {
  c.need(3, -1, "[C, H, W]");
  const Window w{m.kernel_size(), m.stride(), m.padding()};
  ::onnx::NodeProto& n = c.node("MaxPool", {c.input.name});
  w.set(n);
  return {n.output(0), w.output(c, c.input.sample_shape[0])};
}

// nabla divides by the whole window, padding included: ONNX's count_include_pad = 1.
Value export_avg_pool2d(const nn::AvgPool2d& m, const LayerContext& c) {
  c.need(3, -1, "[C, H, W]");
  const Window w{m.kernel_size(), m.stride(), m.padding()};
  ::onnx::NodeProto& n = c.node("AveragePool", {c.input.name});
  w.set(n);
  *n.add_attribute() = MakeAttribute("count_include_pad", int64_t{1});
  return {n.output(0), w.output(c, c.input.sample_shape[0])};
}

// Eval form: y = γ·(x − running_mean)/√(running_var + ε) + β, per channel (the first sample dimension).
Value export_batch_norm(const nn::BatchNorm& m, const LayerContext& c) {
  const int64_t channels = m.weight().size(0);
  if (c.input.sample_shape.empty() || c.input.sample_shape[0] != channels)
    throw c.error("needs samples of shape [" + std::to_string(channels) + ", …], but gets " +
                  shape_str(c.input.sample_shape));
  ::onnx::NodeProto& n = c.node("BatchNormalization",
                                {c.input.name, add_initializer(c.graph, c.tensor_name("weight"), m.weight()),
                                 add_initializer(c.graph, c.tensor_name("bias"), m.bias()),
                                 add_initializer(c.graph, c.tensor_name("running_mean"), m.running_mean()),
                                 add_initializer(c.graph, c.tensor_name("running_var"), m.running_var())});
  *n.add_attribute() = MakeAttribute("epsilon", static_cast<float>(m.options().eps));
  return {n.output(0), c.input.sample_shape};
}

// ONNX's Flatten always gives two dimensions, which is nabla's flatten from dimension 1 on.
Value export_flatten(const nn::Flatten& m, const LayerContext& c) {
  if (m.start_dim() != 1) throw c.error("has no ONNX mapping: only start_dim=1 has one");
  ::onnx::NodeProto& n = c.node("Flatten", {c.input.name});
  *n.add_attribute() = MakeAttribute("axis", int64_t{1});
  return {n.output(0), {shape_numel(c.input.sample_shape)}};
}

// Eval form: the identity, so no node at all.
Value export_dropout(const nn::Dropout&, const LayerContext& c) { return c.input; }

Value export_relu(const nn::ReLU&, const LayerContext& c) { return c.elementwise("Relu"); }
Value export_sigmoid(const nn::Sigmoid&, const LayerContext& c) { return c.elementwise("Sigmoid"); }
Value export_tanh(const nn::Tanh&, const LayerContext& c) { return c.elementwise("Tanh"); }

// Each child in order, named by its place in the state dict.
Value export_sequential(const nn::Sequential& m, const LayerContext& c) {
  Value x = c.input;
  for (const auto& [name, child] : m.children())
    x = export_layer(c.graph, *child, c.prefix.empty() ? name : c.prefix + "." + name, x);
  return x;
}

// Option A (see nn/residual.h) as a fixed 1×1 convolution of stride s whose weight copies input channel
// i to output channel before + i: ONNX Runtime's Slice and Pad would need int64 inputs for the same.
Value export_zero_padded_shortcut(const LayerContext& c, const Shape& out_shape) {
  const Shape& in_shape = c.input.sample_shape;
  const int64_t in = in_shape[0], out = out_shape[0], stride = (in_shape[1] + out_shape[1] - 1) / out_shape[1];
  if (out < in || stride < 1 || (in_shape[1] + stride - 1) / stride != out_shape[1] ||
      (in_shape[2] + stride - 1) / stride != out_shape[2])
    throw c.error("has a body that turns " + shape_str(in_shape) + " into " + shape_str(out_shape) +
                  ", which no zero-padded identity shortcut gives");
  std::vector<float> weight(static_cast<std::size_t>(out * in), 0.0f);
  const int64_t before = (out - in) / 2;
  for (int64_t i = 0; i < in; ++i) weight[static_cast<std::size_t>((before + i) * in + i)] = 1.0f;
  const std::string w = add_initializer(c.graph, c.prefix + ".shortcut_selection", weight, {out, in, 1, 1});
  ::onnx::NodeProto& n = add_node(c.graph, "Conv", c.prefix + ".shortcut.Conv", {c.input.name, w});
  Window{1, stride, 0}.set(n);
  return {n.output(0), out_shape};
}

// body(x) + shortcut(x): the shortcut exported as a chain, the identity, or option A.
Value export_residual(const nn::Residual& m, const LayerContext& c) {
  c.need(3, -1, "[C, H, W]");
  const Value body = export_layer(c.graph, m.body(), c.prefix + ".body", c.input);
  Value shortcut = c.input;
  if (m.shortcut())
    shortcut = export_layer(c.graph, *m.shortcut(), c.prefix + ".shortcut", c.input);
  else if (body.sample_shape != c.input.sample_shape)
    shortcut = export_zero_padded_shortcut(c, body.sample_shape);
  if (shortcut.sample_shape != body.sample_shape)
    throw c.error("has a body giving " + shape_str(body.sample_shape) + " but a shortcut giving " +
                  shape_str(shortcut.sample_shape));
  return {c.node("Add", {body.name, shortcut.name}).output(0), body.sample_shape};
}

// A layer kind: its name, and its export function behind a check of the module's type.
struct Kind {
  std::string name;
  std::function<std::optional<Value>(const LayerContext&)> export_if_mine;
};

template <class M>
Kind kind(const std::string& name, Value (*export_fn)(const M&, const LayerContext&)) {
  return {name, [export_fn](const LayerContext& c) -> std::optional<Value> {
            const auto* m = dynamic_cast<const M*>(&c.layer);
            return m ? std::optional<Value>(export_fn(*m, c)) : std::nullopt;
          }};
}

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> all{
      kind<nn::Sequential>("Sequential", export_sequential), kind<nn::Linear>("Linear", export_linear),
      kind<nn::Conv2d>("Conv2d", export_conv2d),             kind<nn::MaxPool2d>("MaxPool2d", export_max_pool2d),
      kind<nn::AvgPool2d>("AvgPool2d", export_avg_pool2d),   kind<nn::BatchNorm>("BatchNorm", export_batch_norm),
      kind<nn::Flatten>("Flatten", export_flatten),          kind<nn::Dropout>("Dropout", export_dropout),
      kind<nn::ReLU>("ReLU", export_relu),                   kind<nn::Sigmoid>("Sigmoid", export_sigmoid),
      kind<nn::Tanh>("Tanh", export_tanh),
      kind<nn::Residual>("Residual", export_residual),
      kind<nn::GlobalAvgPool2d>("GlobalAvgPool2d", export_global_avg_pool),
  };
  return all;
}

}  // namespace

Value export_layer(::onnx::GraphProto& graph, const nn::Module& layer, const std::string& prefix, const Value& input) {
  const LayerContext c{graph, layer, prefix, input};
  for (const Kind& k : kinds())
    if (std::optional<Value> out = k.export_if_mine(c)) return *out;
  std::string supported;
  for (const std::string& name : layer_kinds()) supported.append(supported.empty() ? "" : ", ").append(name);
  throw c.error("has no ONNX mapping; the layers that export are " + supported);
}

std::vector<std::string> layer_kinds() {
  std::vector<std::string> names;
  for (const Kind& k : kinds()) names.push_back(k.name);
  return names;
}

}  // namespace nabla::onnx::detail
