// Model specs: presets, shape tracking, state dict names, errors with carets, and describe_model.
#include <gtest/gtest.h>

#include <nabla/nn/batch_norm.h>
#include <nabla/nn/dropout.h>
#include <nabla/nn/linear.h>
#include <nabla/nn/model_spec.h>
#include <nabla/nn/model_summary.h>

#include "spec_error_pointer.h"

namespace nabla::nn {
namespace {

std::shared_ptr<Sequential> build(const std::string& spec, const Shape& input = {1, 28, 28}, int64_t classes = 10) {
  Generator gen(0);
  return build_model(spec, input, classes, gen, std::make_shared<Generator>(1));
}

std::string error_of(const std::string& spec, const Shape& input = {1, 28, 28}, int64_t classes = 10) {
  try {
    (void)build(spec, input, classes);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ModelSpec, ConvnetStateDictKeys) {
  const auto model = build("convnet");
  std::vector<std::string> keys;
  for (const auto& [key, value] : model->named_parameters()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias",
                                            "9.weight", "9.bias"}));
  EXPECT_EQ(model->state_dict().size(), 8u);
  EXPECT_EQ(model->size(), 10u);
  EXPECT_EQ((*model)[7].describe(), "Linear(3136, 128)");  // 64·7·7 inferred from the shape
  EXPECT_EQ((*model)(Tensor::zeros({2, 1, 28, 28})).shape(), (Shape{2, 10}));
}

TEST(ModelSpec, Presets) {
  EXPECT_EQ(build("mlp")->parameter_count(), 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
  const auto neuron = build("neuron", {4}, 1);  // logistic regression on 4 features
  EXPECT_EQ(neuron->parameter_count(), 5);
  EXPECT_EQ((*neuron)(Tensor::zeros({3, 4})).shape(), (Shape{3, 1}));
  EXPECT_EQ(expand_model_spec("neuron"), "flatten-linear(1)");
  EXPECT_EQ(expand_model_spec("relu"), "relu");
  EXPECT_EQ(model_presets().size(), 4u);
}

TEST(ModelSpec, EveryLayerKindAndShapeTracking) {
  const auto model = build("conv(4,3,stride=2,pad=1)-batchnorm-tanh-avgpool(2,1)-maxpool(2,stride=2,pad=1)-"
                           "flatten-batchnorm-dropout(0.25)-linear(16)-sigmoid-dropout-relu-linear(3)",
                           {3, 16, 16}, 3);
  EXPECT_EQ((*model)[0].describe(), "Conv2d(3, 4, kernel=3, stride=2, padding=1)");  // -> [4, 8, 8]
  EXPECT_EQ((*model)[1].describe(), "BatchNorm2d(4)");
  EXPECT_EQ((*model)[3].describe(), "AvgPool2d(kernel=2, stride=1)");                // -> [4, 7, 7]
  EXPECT_EQ((*model)[4].describe(), "MaxPool2d(kernel=2, stride=2, padding=1)");     // -> [4, 4, 4]
  EXPECT_EQ((*model)[6].describe(), "BatchNorm1d(64)");
  EXPECT_EQ(dynamic_cast<Dropout&>((*model)[7]).p(), 0.25);
  EXPECT_EQ(dynamic_cast<Dropout&>((*model)[10]).p(), 0.5);
  EXPECT_EQ(dynamic_cast<Linear&>((*model)[8]).in_features(), 64);
  EXPECT_TRUE(model->is_training());
  // Building ran no batch through the batch norms.
  EXPECT_EQ(dynamic_cast<BatchNorm&>((*model)[1]).num_batches_tracked().item(), 0);
}

TEST(ModelSpec, SameSeedSameWeights) {
  const auto a = build("mlp"), b = build("mlp");
  EXPECT_EQ(a->parameters()[0].to_vector<float>(), b->parameters()[0].to_vector<float>());
}

TEST(ModelSpec, UnknownLayerPointsAtItsName) {
  EXPECT_EQ(error_of("conw(32,3)-relu"),
            "model spec: unknown layer \"conw\" at position 0:\n"
            "  conw(32,3)-relu\n"
            "  ^^^^\n"
            "  layers: conv, linear, relu, sigmoid, tanh, dropout, maxpool, avgpool, gap, batchnorm, bn, res, flatten; "
            "presets: neuron, mlp, convnet, resnet20");
}

TEST(ModelSpec, LinearOnAnImageNeedsFlatten) {
  EXPECT_EQ(error_of("conv(8,3)-relu-linear(10)"),
            "model spec: linear needs a flat [F] input but the shape here is [8, 26, 26] (add flatten before it) "
            "at position 15:\n"
            "  conv(8,3)-relu-linear(10)\n"
            "                 ^^^^^^^^^^");
}

TEST(ModelSpec, LastLinearMustMatchTheClasses) {
  EXPECT_EQ(error_of("mlp", {1, 28, 28}, 3),
            "model spec: the model ends in shape [10] but num_classes is 3; the last linear must have that many "
            "outputs at position 42:\n"
            "  flatten-linear(256)-relu-linear(128)-relu-linear(10)\n"
            "                                            ^^^^^^^^^^");
  EXPECT_NE(error_of("flatten").find("end with linear(10)"), std::string::npos);
}

using testing::Pointed;
using testing::pointed;

TEST(ModelSpec, BadTokensArePointedAt) {
  struct Case {
    std::string spec, says;
    std::size_t at, width;
  };
  const std::vector<Case> cases{
      {"conv(32)-flatten-linear(10)", "conv takes 2 numbers, got 1", 0, 8},
      {"conv(32,3,padding=1)", "unknown option \"padding\" for conv", 0, 20},
      {"relu--flatten-linear(10)", "empty layer", 5, 1},
      {"flatten-linear(10)-", "empty layer", 19, 1},
      {"conv(32,3", "missing \")\"", 0, 9},
      {"conv(32,3))", "unmatched \")\"", 10, 1},
      {"conv(32,3)x", "unexpected \"x\" after \")\"", 10, 1},
      {"conv(32,3.5)", "kernel of conv must be an integer >= 1", 0, 12},
      {"conv(a,3)", "expected a number, got \"a\"", 5, 1},
      {"flatten-dropout(1.5)-linear(10)", "dropout probability must be in [0, 1)", 8, 12},
      {"relu(3)-flatten-linear(10)", "relu takes 0 numbers, got 1", 0, 7},
      {"flatten-maxpool(2)-linear(10)", "maxpool needs a [C, H, W] input but the shape here is [784]", 8, 10},
      {"conv(8,30)-flatten-linear(10)", "conv(8,30) does not fit the shape [1, 28, 28]", 0, 10},
      {"maxpool(3,pad=2)-flatten-linear(10)", "padding in [0, kernel/2]", 0, 16},
  };
  for (const Case& c : cases) {
    const std::string message = error_of(c.spec);
    const Pointed p = pointed(message);
    EXPECT_NE(p.first_line.find(c.says), std::string::npos) << c.spec << " gave:\n" << message;
    EXPECT_EQ(p.caret_at, c.at) << message;
    EXPECT_EQ(p.carets, c.width) << message;
  }
}

TEST(ModelSpec, SpacesAreAllowed) {
  EXPECT_EQ(build(" conv(4, 3, stride = 2) - flatten - linear( 10 ) ")->parameter_count(), 4 * 9 + 4 + 676 * 10 + 10);
}

TEST(ModelSpec, DropoutNeedsAGenerator) {
  Generator gen(0);
  EXPECT_THROW((void)build_model("flatten-dropout(0.5)-linear(10)", {1, 28, 28}, 10, gen, nullptr),
               std::invalid_argument);
  EXPECT_THROW((void)build_model("mlp", {}, 10, gen, nullptr), std::invalid_argument);
}

TEST(DescribeModel, ListsLayersShapesAndParameters) {
  const auto model = build("conv(2,3)-relu-flatten-linear(10)", {1, 5, 5});
  model->parameters()[0].set_requires_grad(false);
  EXPECT_EQ(describe_model(*model, {1, 5, 5}),
            "#  layer                                        output     params  FLOPs\n"
            "0  Conv2d(1, 2, kernel=3, stride=1, padding=0)  [2, 3, 3]      20    342  partly frozen\n"
            "1  ReLU                                         [2, 3, 3]       0      -\n"
            "2  Flatten(start_dim=1)                         [18]            0      -\n"
            "3  Linear(18, 10)                               [10]          190    370\n"
            "total parameters: 210 (trainable 192, frozen 18)\n"
            "FLOPs per sample: 712 (a multiply-add counts 2, Linear and Conv2d layers)\n");
  EXPECT_TRUE(model->is_training());  // restored after the eval-mode pass
}

}  // namespace
}  // namespace nabla::nn
