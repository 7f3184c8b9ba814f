// Models from a one-line text spec, e.g. "conv(32,3,pad=1)-relu-maxpool(2)-flatten-linear(10)", and the
// named presets neuron, mlp, convnet and resnet20.
//
// Layers, separated by '-':
//   conv(out, k[, stride=s][, pad=p][, dilation=d][, groups=g][, bias=0])
//                                       Conv2d; needs a [C, H, W] shape; groups must divide C and out
//   linear(out)                         Linear; needs a flat [F] shape (put flatten before it)
//   relu  sigmoid  tanh                 activations
//   dropout[(p)]                        Dropout, p = 0.5 by default
//   maxpool(k[, stride])  avgpool(k[, stride])   stride k by default; both also take pad=p
//   batchnorm  (or bn)                  BatchNorm1d on [F] or [C, L], BatchNorm2d on [C, H, W]
//   gap                                 global average pooling, [C, H, W] -> [C]
//   res(layers)  res(layers|layers)     Residual: body + shortcut; the shortcut is the identity, or option A
//                                       (strided, zero-padded channels) when the body changes the shape,
//                                       or the chain after '|' (a projection such as conv(32,1,stride=2)-bn)
//   flatten                             [C, H, W] -> [C·H·W]
// In-features and channels come from the shape, tracked from input_shape through each layer. The model
// must end in [num_classes]. Errors quote the spec with carets under the offending token.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nabla/nn/init.h>
#include <nabla/nn/sequential.h>
#include <nabla/tensor/random.h>

namespace nabla::nn {

// name -> spec: neuron (flatten-linear(1): logistic regression, one output for binary labels),
// mlp (784-256-128-10 with ReLU), convnet (two conv-relu-maxpool blocks, then a 128-unit hidden layer),
// resnet20 (He et al.'s CIFAR ResNet-20 with option-A shortcuts: 269,434 parameters on 1×28×28, 269,722
// on 3×32×32).
[[nodiscard]] const std::vector<std::pair<std::string, std::string>>& model_presets();

// The spec itself, or the preset's spec when `spec` names one.
[[nodiscard]] std::string expand_model_spec(const std::string& spec);

// The spec (a preset expanded) with its last linear layer given `outputs` outputs:
// with_head_outputs("convnet", 5) ends in linear(5). A spec without linear is returned expanded.
// Throws the spec errors of a spec that does not tokenize.
[[nodiscard]] std::string with_head_outputs(const std::string& spec, int64_t outputs);

struct ModelOptions {
  init::WeightInit init = init::WeightInit::xavier;  // of every Linear and Conv2d weight
};

// input_shape is per sample ({1, 28, 28} or {F}). Weights are drawn from gen (options.init); dropout
// layers share dropout_gen, which may be null only when the spec has no dropout. The model is float32
// in train mode; call to(DType::f64) for gradient checks. Throws std::invalid_argument pointing at the
// offending token.
[[nodiscard]] std::shared_ptr<Sequential> build_model(const std::string& spec, const Shape& input_shape,
                                                      int64_t num_classes, Generator& gen,
                                                      std::shared_ptr<Generator> dropout_gen,
                                                      const ModelOptions& options = {});

}  // namespace nabla::nn
