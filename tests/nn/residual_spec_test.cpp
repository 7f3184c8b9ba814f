// Specs of residual networks: res(…) blocks and their shortcuts, bn, gap, conv's dilation, groups and bias,
// the resnet20 preset, the weight initialisation, and errors pointing into nested blocks.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/nn/activation.h>
#include <nabla/nn/batch_norm.h>
#include <nabla/nn/conv2d.h>
#include <nabla/nn/model_spec.h>
#include <nabla/nn/residual.h>
#include <nabla/tensor/random.h>
#include <nabla/tensor/memory_format.h>

#include "spec_error_pointer.h"

namespace nabla::nn {
namespace {

std::shared_ptr<Sequential> build(const std::string& spec, const Shape& input = {1, 28, 28}, int64_t classes = 10,
                                  const ModelOptions& options = {}) {
  Generator gen(0);
  return build_model(spec, input, classes, gen, nullptr, options);
}

std::string error_of(const std::string& spec, const Shape& input = {1, 28, 28}) {
  try {
    (void)build(spec, input);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

std::vector<std::string> parameter_names(const Module& m) {
  std::vector<std::string> names;
  for (const auto& [name, value] : m.named_parameters()) names.push_back(name);
  return names;
}

// He et al.'s count for CIFAR-10 is 0.27M; a single input channel has 16·9·2 = 288 weights fewer.
TEST(ResidualSpec, Resnet20HasHeEtAlsParameterCount) {
  EXPECT_EQ(build("resnet20")->parameter_count(), 269434);
  EXPECT_EQ(build("resnet20", {3, 32, 32})->parameter_count(), 269722);
  const auto model = build("resnet20");
  const std::vector<std::string> names = parameter_names(*model);
  EXPECT_EQ(names.front(), "0.weight");  // the stem conv has no bias: batch norm follows
  EXPECT_EQ(names[3], "3.body.0.weight");
  EXPECT_EQ(names.back(), "22.bias");
  NoGradGuard no_grad;
  model->eval();
  EXPECT_EQ((*model)(Tensor::zeros({2, 1, 28, 28})).shape(), (Shape{2, 10}));
}

TEST(ResidualSpec, ConvolutionsBeforeBatchNormWriteChannelsLast) {
  // In a Sequential, a conv whose output goes to batch norm writes channels-last (faster there and in the next
  // conv); one before other layers leaves the layout as its input has it, as PyTorch's convolutions do.
  NoGradGuard no_grad;
  const Tensor x = Tensor::ones({2, 1, 28, 28});
  const auto model = build("conv(16,3,pad=1,bias=0)-bn-relu-res(conv(16,3,pad=1)-bn)-conv(8,3)-relu-gap-linear(10)");
  EXPECT_FALSE(dynamic_cast<const Conv2d&>((*model)[0]).options().channels_last);  // the choice is Sequential's
  const auto layers = [&](std::size_t from, std::size_t to) {
    std::vector<std::shared_ptr<Module>> out;
    for (std::size_t i = from; i < to; ++i) out.push_back(model->children()[i].second);
    return Sequential(out);
  };
  const Tensor h = layers(0, 4)(x);
  EXPECT_TRUE(is_channels_last(h)) << "after the residual block";
  EXPECT_FALSE(is_channels_last((*model)[0](x))) << "the conv alone keeps its input's layout";
  EXPECT_TRUE(is_channels_last(layers(4, 6)(h)));
  EXPECT_FALSE(is_channels_last(layers(4, 6)(h.contiguous())));
  // A model built in C++ gets the same.
  Generator gen(3);
  Sequential by_hand(Conv2d(1, 16, 3, gen, {.padding = 1}), BatchNorm2d(16), ReLU());
  EXPECT_TRUE(is_channels_last(by_hand(x)));
}

TEST(ResidualSpec, SequentialRunsTheBlockThenReluAsOneOp) {
  // A residual block followed by ReLU runs as add_relu: the model's values and gradients are those of its
  // layers run one by one (nothing fused), bit for bit.
  const auto model = build("conv(16,3,pad=1,bias=0)-bn-relu-res(conv(16,3,pad=1)-bn-relu-conv(16,3,pad=1)-bn)-relu-"
                           "res(conv(32,3,stride=2,pad=1)-bn-relu-conv(32,3,pad=1)-bn)-relu-gap-linear(10)");
  Generator gen(5);
  const Tensor x = randn({4, 1, 12, 12}, gen);
  const Tensor fused = model->forward(x);
  // One layer at a time; the stem conv writes channels-last as in the model, since batch norm follows it.
  Tensor h = dynamic_cast<Conv2d&>((*model)[0]).forward_channels_last(x);
  for (std::size_t i = 1; i < model->size(); ++i) h = (*model)[i](h);
  EXPECT_EQ(fused.to_vector<float>(), h.to_vector<float>());
  const std::vector<Tensor> params = model->parameters();
  const std::vector<Tensor> want = grad(sum(h), params), got = grad(sum(fused), params);
  for (std::size_t i = 0; i < params.size(); ++i)
    EXPECT_EQ(got[i].to_vector<float>(), want[i].to_vector<float>()) << "parameter " << i;
  Sequential block_then_relu({model->children()[3].second, model->children()[4].second});
  const Tensor y = block_then_relu.forward((*model)[2]((*model)[1]((*model)[0](x))));
  ASSERT_TRUE(y.grad_fn());
  EXPECT_EQ(y.grad_fn()->name, "add_relu");
}

TEST(ResidualSpec, ShortcutsAndTheirNames) {
  const auto identity = build("res(conv(1,3,pad=1)-bn-relu-conv(1,3,pad=1)-bn)-relu-flatten-linear(10)");
  EXPECT_EQ(dynamic_cast<Residual&>((*identity)[0]).describe(), "Residual(5 layers)");
  const auto projection = build("res(conv(8,3,stride=2,pad=1)|conv(8,1,stride=2,bias=0)-bn)-gap-linear(10)");
  EXPECT_EQ(dynamic_cast<Residual&>((*projection)[0]).describe(), "Residual(1 layer, projection)");
  EXPECT_EQ(parameter_names(*projection),
            (std::vector<std::string>{"0.body.0.weight", "0.body.0.bias", "0.shortcut.0.weight", "0.shortcut.1.weight",
                                      "0.shortcut.1.bias", "2.weight", "2.bias"}));
}

// Option A: channel i of x lands on channel (O − C)/2 + i, subsampled by the stride; the rest are zeros
// (here 1 channel before, 2 after).
TEST(ResidualSpec, ZeroPaddedShortcutPlacesTheChannelsInTheMiddle) {
  const Tensor x = Tensor::from_vector(std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 1, 3, 3});
  const Tensor y = zero_padded_shortcut(x, 4, 2);
  ASSERT_EQ(y.shape(), (Shape{1, 4, 2, 2}));
  EXPECT_EQ(y.to_vector<float>(), (std::vector<float>{0, 0, 0, 0, 1, 3, 7, 9, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_THROW((void)zero_padded_shortcut(x, 0, 1), std::invalid_argument);
}

TEST(ResidualSpec, ConvDilationGroupsAndBias) {
  const auto model = build("conv(4,3,dilation=2,pad=2)-conv(8,3,groups=2,bias=0)-gap-linear(10)");
  auto& grouped = dynamic_cast<Conv2d&>((*model)[1]);
  EXPECT_EQ(grouped.weight().shape(), (Shape{8, 2, 3, 3}));
  EXPECT_FALSE(grouped.bias().defined());
  EXPECT_EQ(grouped.describe(), "Conv2d(4, 8, kernel=3, stride=1, padding=0, groups=2, bias=false)");
  EXPECT_EQ((*model)[0].describe(), "Conv2d(1, 4, kernel=3, stride=1, padding=2, dilation=2)");
}

// Kaiming normal: std √(2/fan_in); Xavier uniform: std √(2/(fan_in + fan_out)). The 64→64 3×3 convs of
// resnet20 (36,864 weights each, fan 576 both ways) tell them apart: 0.0589 against 0.0417, ±3 %.
TEST(ResidualSpec, InitialisationIsSelectable) {
  const auto std_of = [](const Tensor& w) {
    double sum = 0, sq = 0;
    for (float v : w.to_vector<float>()) sum += v, sq += double(v) * v;
    const double n = double(w.numel());
    return std::sqrt(sq / n - (sum / n) * (sum / n));
  };
  const auto weight = [](const Sequential& m) { return m.state_dict().at("19.body.3.weight"); };
  EXPECT_NEAR(std_of(weight(*build("resnet20", {1, 28, 28}, 10, {.init = init::WeightInit::kaiming}))),
              std::sqrt(2.0 / 576), 0.03 * std::sqrt(2.0 / 576));
  EXPECT_NEAR(std_of(weight(*build("resnet20"))), std::sqrt(1.0 / 576), 0.03 * std::sqrt(1.0 / 576));
  EXPECT_EQ(init::weight_init_from_name("kaiming"), init::WeightInit::kaiming);
  EXPECT_THROW((void)init::weight_init_from_name("he"), std::invalid_argument);
}

using testing::Pointed;
using testing::pointed;

TEST(ResidualSpec, MistakesInsideBlocksArePointedAt) {
  struct Case {
    std::string spec, says;
    std::size_t at, width;
  };
  const std::vector<Case> cases{
      {"res(conv(8,3,pad=1)-bnn)-gap-linear(10)", "unknown layer \"bnn\"", 20, 3},
      {"res(conv(8,3,pad=1)-bn-gap-linear(10)", "missing \")\"", 0, 37},
      {"res(conv(8,3,pad=1))x-gap-linear(10)", "unexpected \"x\" after \")\"", 20, 1},
      {"res(conv(8,3,pad=1)|)-gap-linear(10)", "empty layer", 20, 1},
      {"res(conv(8,3)|conv(8,1)|conv(8,1))-gap-linear(10)", "at most one shortcut", 0, 34},
      {"res-gap-linear(10)", "res takes a body", 0, 3},
      {std::string(17, '(') + std::string(17, ')'), "more than 16 levels of parentheses", 16, 1},
      {"relu|flatten-linear(10)", "\"|\" outside res(…)", 4, 1},
      {"res(conv(8,3))-gap-linear(10)", "res(conv(8,3)) does not fit the shape [1, 28, 28]", 0, 14},
      {"res(conv(8,3,stride=2,pad=1)|conv(8,1))-gap-linear(10)", "does not fit the shape", 0, 39},
      {"flatten-res(linear(4))-linear(10)", "res needs a [C, H, W] input but the shape here is [784]", 8, 14},
      {"res(conv(8,3,pad=1,dilation=0))-gap-linear(10)", "dilation of conv must be an integer >= 1", 4, 26},
      {"conv(8,3,groups=3)-gap-linear(10)", "groups must divide both channel counts", 0, 18},
      {"conv(8,3,bias=2)-gap-linear(10)", "bias of conv must be 0 (none) or 1", 0, 16},
      {"flatten-gap-linear(10)", "gap needs a [C, H, W] input", 8, 3},
  };
  for (const Case& c : cases) {
    const std::string message = error_of(c.spec);
    const Pointed p = pointed(message);
    EXPECT_NE(p.first_line.find(c.says), std::string::npos) << c.spec << " gave:\n" << message;
    EXPECT_EQ(p.caret_at, c.at) << message;
    EXPECT_EQ(p.carets, c.width) << message;
  }
}

}  // namespace
}  // namespace nabla::nn
