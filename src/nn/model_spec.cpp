// Building a Sequential from a spec: one layer per token, with the per-sample shape tracked through them.
#include <nabla/nn/model_spec.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include <nabla/autograd/grad_node.h>
#include <nabla/nn/activation.h>
#include <nabla/nn/batch_norm.h>
#include <nabla/nn/conv2d.h>
#include <nabla/nn/dropout.h>
#include <nabla/nn/flatten.h>
#include <nabla/nn/global_avg_pool.h>
#include <nabla/nn/linear.h>
#include <nabla/nn/pool2d.h>
#include <nabla/nn/residual.h>

#include "spec_tokens.h"

namespace nabla::nn {
namespace {

using detail::spec_error;
using detail::SpecToken;

const std::vector<std::string> kLayers{"conv",    "linear",  "relu",      "sigmoid", "tanh", "dropout", "maxpool",
                                       "avgpool", "gap",     "batchnorm", "bn",      "res",  "flatten"};

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// One token being turned into a layer: checked access to its arguments, errors pointing at it.
struct Layer {
  const std::string& spec;
  const SpecToken& token;
  const Shape& shape;  // per sample, before this layer

  [[nodiscard]] std::invalid_argument error(const std::string& what) const {
    return spec_error(spec, token.position, token.length, what);
  }

  // Positional count in [lo, hi] and only the given keys.
  void expect(std::size_t lo, std::size_t hi, std::initializer_list<std::string> keys,
              const std::string& usage) const {
    std::size_t positional = 0;
    for (const detail::SpecArg& a : token.args) {
      if (a.key.empty()) {
        ++positional;
        continue;
      }
      bool known = false;
      for (const std::string& k : keys) known = known || k == a.key;
      if (!known) throw error("unknown option \"" + a.key + "\" for " + token.name + " (usage: " + usage + ")");
    }
    if (positional < lo || positional > hi) {
      const std::string range = lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi);
      throw error(token.name + " takes " + range + " numbers, got " + std::to_string(positional) + " (usage: " +
                  usage + ")");
    }
  }

  [[nodiscard]] std::optional<double> positional(std::size_t index) const {
    std::size_t i = 0;
    for (const detail::SpecArg& a : token.args)
      if (a.key.empty() && i++ == index) return a.value;
    return std::nullopt;
  }

  [[nodiscard]] std::optional<double> named(const std::string& key) const {
    for (const detail::SpecArg& a : token.args)
      if (a.key == key) return a.value;
    return std::nullopt;
  }

  // v as an integer >= lo; `what` names the argument in the error.
  [[nodiscard]] std::optional<int64_t> integer(std::optional<double> v, const std::string& what, int64_t lo) const {
    if (!v) return std::nullopt;
    if (*v != std::floor(*v) || *v < static_cast<double>(lo) || *v > 1e9)
      throw error(what + " of " + token.name + " must be an integer >= " + std::to_string(lo));
    return static_cast<int64_t>(*v);
  }

  void need_rank(std::size_t rank, const char* what) const {
    if (shape.size() != rank)
      throw error(token.name + " needs " + what + " but the shape here is " + shape_str(shape) +
                  (rank == 1 ? " (add flatten before it)" : ""));
  }
};

// What every layer of one model is built with.
struct BuildContext {
  const std::string& spec;
  Generator& gen;
  const std::shared_ptr<Generator>& dropout_gen;
  init::WeightInit init;
};

std::shared_ptr<Module> make_conv(const Layer& l, const BuildContext& b) {
  l.expect(2, 2, {"stride", "pad", "dilation", "groups", "bias"},
           "conv(out, k[, stride=s][, pad=p][, dilation=d][, groups=g][, bias=0])");
  l.need_rank(3, "a [C, H, W] input");
  const int64_t bias = l.integer(l.named("bias"), "bias", 0).value_or(1);
  if (bias > 1) throw l.error("bias of conv must be 0 (none) or 1");
  const Conv2dOptions o{.stride = l.integer(l.named("stride"), "stride", 1).value_or(1),
                        .padding = l.integer(l.named("pad"), "pad", 0).value_or(0),
                        .dilation = l.integer(l.named("dilation"), "dilation", 1).value_or(1),
                        .groups = l.integer(l.named("groups"), "groups", 1).value_or(1),
                        .bias = bias == 1,
                        .init = b.init};
  try {
    return std::make_shared<Conv2d>(l.shape[0], *l.integer(l.positional(0), "out", 1),
                                    *l.integer(l.positional(1), "kernel", 1), b.gen, o);
  } catch (const std::invalid_argument& e) {
    throw l.error(e.what());
  }
}

std::shared_ptr<Sequential> build_chain(const BuildContext& b, std::size_t begin, std::size_t end, Shape& shape);

// res(body) or res(body|shortcut), each a chain of layers built from the block's input shape.
std::shared_ptr<Module> make_residual(const Layer& l, const BuildContext& b) {
  if (l.token.chains.empty() || l.token.chains.size() > 2)
    throw l.error("res takes a body and at most one shortcut, separated by \"|\" (usage: res(layers[|layers]))");
  l.need_rank(3, "a [C, H, W] input");
  Shape body_shape = l.shape, shortcut_shape = l.shape;
  auto body = build_chain(b, l.token.chains[0].first, l.token.chains[0].second, body_shape);
  if (l.token.chains.size() == 1) return std::make_shared<Residual>(std::move(body));
  return std::make_shared<Residual>(
      std::move(body), build_chain(b, l.token.chains[1].first, l.token.chains[1].second, shortcut_shape));
}

std::shared_ptr<Module> make_layer(const Layer& l, const BuildContext& b) {
  const std::string& name = l.token.name;
  if (name == "conv") return make_conv(l, b);
  if (name == "res") return make_residual(l, b);
  if (name == "linear") {
    l.expect(1, 1, {}, "linear(out)");
    l.need_rank(1, "a flat [F] input");
    return std::make_shared<Linear>(l.shape[0], *l.integer(l.positional(0), "out", 1), b.gen,
                                    LinearOptions{.init = b.init});
  }
  if (name == "maxpool" || name == "avgpool") {
    l.expect(1, 2, {"stride", "pad"}, name + "(k[, stride][, pad=p])");
    l.need_rank(3, "a [C, H, W] input");
    const std::optional<double> stride = l.positional(1) ? l.positional(1) : l.named("stride");
    const Pool2dOptions o{.stride = l.integer(stride, "stride", 1),
                          .padding = l.integer(l.named("pad"), "pad", 0).value_or(0)};
    const int64_t k = *l.integer(l.positional(0), "kernel", 1);
    try {
      if (name == "maxpool") return std::make_shared<MaxPool2d>(k, o);
      return std::make_shared<AvgPool2d>(k, o);
    } catch (const std::invalid_argument& e) {
      throw l.error(e.what());
    }
  }
  if (name == "dropout") {
    l.expect(0, 1, {"p"}, "dropout(p)");
    const double p = l.positional(0).value_or(l.named("p").value_or(0.5));
    if (!(p >= 0 && p < 1)) throw l.error("dropout probability must be in [0, 1)");
    if (!b.dropout_gen) throw l.error("dropout needs a generator, and none was given");
    return std::make_shared<Dropout>(p, b.dropout_gen);
  }
  if (name == "batchnorm" || name == "bn") {
    l.expect(0, 0, {}, name);
    if (l.shape.size() == 3) return std::make_shared<BatchNorm2d>(l.shape[0]);
    if (l.shape.size() == 1 || l.shape.size() == 2) return std::make_shared<BatchNorm1d>(l.shape[0]);
    throw l.error("batchnorm needs an [F], [C, L] or [C, H, W] input but the shape here is " + shape_str(l.shape));
  }
  l.expect(0, 0, {}, name);
  if (name == "relu") return std::make_shared<ReLU>();
  if (name == "sigmoid") return std::make_shared<Sigmoid>();
  if (name == "tanh") return std::make_shared<Tanh>();
  if (name == "flatten") return std::make_shared<Flatten>();
  if (name == "gap") {
    l.need_rank(3, "a [C, H, W] input");
    return std::make_shared<GlobalAvgPool2d>();
  }
  throw std::logic_error("make_layer: unhandled layer " + name);
}

// The per-sample output shape, found by running the layer on one zero sample in eval mode (so batch
// norm uses its running statistics and dropout is the identity): the shape rules are forward's own.
Shape output_shape(Module& layer, const Layer& l) {
  NoGradGuard no_grad;
  Shape batch{1};
  batch.insert(batch.end(), l.shape.begin(), l.shape.end());
  layer.eval();
  Tensor y;
  try {
    y = layer.forward(Tensor::zeros(batch));
  } catch (const std::invalid_argument& e) {
    throw l.error(l.token.text(l.spec) + " does not fit the shape " + shape_str(l.shape) + ": " + e.what());
  }
  layer.train();
  const Shape out(y.shape().begin() + 1, y.shape().end());
  if (shape_numel(out) == 0) throw l.error(l.token.text(l.spec) + " leaves nothing of the shape " + shape_str(l.shape));
  return out;
}

// The layers of spec[begin, end) from the per-sample shape `shape`, which ends as their output's.
std::shared_ptr<Sequential> build_chain(const BuildContext& b, std::size_t begin, std::size_t end, Shape& shape) {
  const std::vector<SpecToken> tokens = detail::tokenize(b.spec, begin, end);
  auto chain = std::make_shared<Sequential>();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const SpecToken& token = tokens[i];
    const Layer l{b.spec, token, shape};
    if (std::find(kLayers.begin(), kLayers.end(), token.name) == kLayers.end()) {
      std::vector<std::string> presets;
      for (const auto& [name, expansion] : model_presets()) presets.push_back(name);
      throw spec_error(b.spec, token.position, token.name.size(), "unknown layer \"" + token.name + "\"",
                       "  layers: " + joined(kLayers) + "; presets: " + joined(presets));
    }
    std::shared_ptr<Module> layer = make_layer(l, b);
    shape = output_shape(*layer, l);
    chain->push_back(std::move(layer));
  }
  return chain;
}

// He et al.'s CIFAR ResNet-20: a 3×3 conv to 16 channels, three stages of three basic blocks (16, 32, 64
// channels, stride 2 at the start of stages 2 and 3, option-A shortcuts), global average pooling, linear.
std::string resnet20_spec() {
  const auto block = [](int channels, bool downsample) {
    const std::string conv = "conv(" + std::to_string(channels) + ",3,";
    return "-res(" + conv + (downsample ? "stride=2," : "") + "pad=1,bias=0)-bn-relu-" + conv +
           "pad=1,bias=0)-bn)-relu";
  };
  std::string spec = "conv(16,3,pad=1,bias=0)-bn-relu";
  for (const int channels : {16, 32, 64})
    for (int i = 0; i < 3; ++i) spec += block(channels, i == 0 && channels > 16);
  return spec + "-gap-linear(10)";
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& model_presets() {
  static const std::vector<std::pair<std::string, std::string>> presets{
      {"neuron", "flatten-linear(1)"},
      {"mlp", "flatten-linear(256)-relu-linear(128)-relu-linear(10)"},
      {"convnet",
       "conv(32,3,pad=1)-relu-maxpool(2)-conv(64,3,pad=1)-relu-maxpool(2)-flatten-linear(128)-relu-linear(10)"},
      {"resnet20", resnet20_spec()},
  };
  return presets;
}

std::string expand_model_spec(const std::string& spec) {
  for (const auto& [name, expansion] : model_presets())
    if (spec == name) return expansion;
  return spec;
}

std::string with_head_outputs(const std::string& spec_or_preset, int64_t outputs) {
  const std::string spec = expand_model_spec(spec_or_preset);
  const std::vector<SpecToken> tokens = detail::tokenize(spec);
  const auto last = std::find_if(tokens.rbegin(), tokens.rend(), [](const SpecToken& t) { return t.name == "linear"; });
  if (last == tokens.rend()) return spec;
  return spec.substr(0, last->position) + "linear(" + std::to_string(outputs) + ")" +
         spec.substr(last->position + last->length);
}

std::shared_ptr<Sequential> build_model(const std::string& spec_or_preset, const Shape& input_shape,
                                        int64_t num_classes, Generator& gen, std::shared_ptr<Generator> dropout_gen,
                                        const ModelOptions& options) {
  if (input_shape.empty() || shape_numel(input_shape) < 1)
    throw std::invalid_argument("build_model: input shape " + shape_str(input_shape) + " must be non-empty");
  if (num_classes < 1) throw std::invalid_argument("build_model: num_classes must be >= 1");
  const std::string spec = expand_model_spec(spec_or_preset);
  const BuildContext b{spec, gen, dropout_gen, options.init};
  Shape shape = input_shape;
  auto model = build_chain(b, 0, spec.size(), shape);
  if (shape != Shape{num_classes}) {
    const std::vector<SpecToken> tokens = detail::tokenize(spec);
    const auto linear =
        std::find_if(tokens.rbegin(), tokens.rend(), [](const SpecToken& t) { return t.name == "linear"; });
    const bool last_linear = linear != tokens.rend();
    const SpecToken& blame = last_linear ? *linear : tokens.back();
    throw spec_error(spec, blame.position, blame.length,
                     "the model ends in shape " + shape_str(shape) + " but num_classes is " +
                         std::to_string(num_classes) + (last_linear ? "; the last linear must have that many outputs"
                                                                    : "; end with linear(" +
                                                                          std::to_string(num_classes) + ")"));
  }
  return model;
}

}  // namespace nabla::nn
