// The structure of an exported model: its input and output, initializer names, opset, metadata, doc
// strings, and the errors for what does not export.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <nabla/autograd/ops.h>
#include <nabla/nn/activation.h>
#include <nabla/nn/batch_norm.h>
#include <nabla/nn/conv2d.h>
#include <nabla/nn/flatten.h>
#include <nabla/nn/linear.h>
#include <nabla/nn/pool2d.h>

#include "../common/error_of.h"
#include "export_fixtures.h"

namespace nabla::onnx {
namespace {

using test::error_of;
using testing::export_checked;
using testing::random_model;

// "[batch,1,28,28]": a value's dims, symbolic ones by name.
std::string dims_of(const ::onnx::ValueInfoProto& v) {
  std::string out;
  for (const auto& d : v.type().tensor_type().shape().dim())
    out.append(out.empty() ? "" : ",").append(d.has_dim_param() ? d.dim_param() : std::to_string(d.dim_value()));
  return "[" + out + "]";
}

std::vector<std::string> op_types(const ::onnx::ModelProto& m) {
  std::vector<std::string> ops;
  for (const auto& n : m.graph().node()) ops.push_back(n.op_type());
  return ops;
}

TEST(OnnxExport, InputOutputAndInitializersOfTheMlp) {
  const ::onnx::ModelProto m = export_checked(*random_model("mlp", {1, 28, 28}, 10, 1), {1, 28, 28});
  ASSERT_EQ(m.graph().input_size(), 1);
  ASSERT_EQ(m.graph().output_size(), 1);
  EXPECT_EQ(m.graph().input(0).name(), "input");
  EXPECT_EQ(dims_of(m.graph().input(0)), "[batch,1,28,28]");
  EXPECT_EQ(m.graph().output(0).name(), "logits");
  EXPECT_EQ(dims_of(m.graph().output(0)), "[batch,10]");
  std::vector<std::string> names;
  for (const auto& t : m.graph().initializer()) names.push_back(t.name());
  EXPECT_EQ(names, (std::vector<std::string>{"1.weight", "1.bias", "3.weight", "3.bias", "5.weight", "5.bias"}));
  EXPECT_EQ(op_types(m), (std::vector<std::string>{"Flatten", "Gemm", "Relu", "Gemm", "Relu", "Gemm"}));
  EXPECT_EQ(m.producer_name(), "nabla");
}

TEST(OnnxExport, DefaultOpsetIs17) {
  const ::onnx::ModelProto m = export_checked(*random_model("mlp", {1, 28, 28}, 10, 1), {1, 28, 28});
  ASSERT_EQ(m.opset_import_size(), 1);
  EXPECT_EQ(m.opset_import(0).domain(), "");
  EXPECT_EQ(m.opset_import(0).version(), 17);
  EXPECT_EQ(kDefaultOpset, 17);
}

TEST(OnnxExport, OpsetOutsideTheRangeIsRefused) {
  auto model = random_model("mlp", {1, 28, 28}, 10, 1);
  for (int64_t opset : {10, 18})
    EXPECT_EQ(error_of([&] { (void)export_model(*model, {1, 28, 28}, {.opset = opset}); }),
              "onnx export: opset " + std::to_string(opset) + " is not supported; the range is 11 to 17");
}

TEST(OnnxExport, ClassNamesInTheMetadata) {
  const std::vector<std::string> names{"T-shirt/top", "Trouser", "Pullover \"quoted\""};
  const ::onnx::ModelProto m =
      export_checked(*random_model("flatten-linear(3)", {2, 2}, 3, 1), {2, 2}, {.class_names = names});
  ASSERT_EQ(m.metadata_props_size(), 1);
  EXPECT_EQ(m.metadata_props(0).key(), "class_names");
  EXPECT_EQ(nlohmann::json::parse(m.metadata_props(0).value()).get<std::vector<std::string>>(), names);
  EXPECT_EQ(export_checked(*random_model("flatten-linear(3)", {2, 2}, 3, 1), {2, 2}).metadata_props_size(), 0);
}

// Dropout is the identity in eval form: no node at all.
TEST(OnnxExport, DropoutExportsNoNode) {
  const ::onnx::ModelProto m = export_checked(*random_model("dropout-linear(3)-dropout(0.2)", {4}, 3, 1), {4});
  EXPECT_EQ(op_types(m), (std::vector<std::string>{"Gemm"}));
  EXPECT_EQ(dims_of(m.graph().output(0)), "[batch,3]");
}

// Nothing but identities: the output copies the input.
TEST(OnnxExport, ModelOfIdentitiesCopiesItsInput) {
  const ::onnx::ModelProto m = export_checked(*random_model("dropout", {3}, 3, 1), {3});
  EXPECT_EQ(op_types(m), (std::vector<std::string>{"Identity"}));
  EXPECT_EQ(dims_of(m.graph().output(0)), "[batch,3]");
}

TEST(OnnxExport, StandardisationNodesAndDocStrings) {
  const ExportOptions options{.normalization = {.mean = {0.5f, 1.0f}, .std = {2.0f, 0.0f}}};
  const ::onnx::ModelProto m = export_checked(*random_model("linear(3)", {2}, 3, 1), {2}, options);
  EXPECT_EQ(op_types(m), (std::vector<std::string>{"Sub", "Mul", "Gemm"}));
  EXPECT_NE(m.graph().input(0).doc_string().find("raw samples"), std::string::npos) << m.graph().input(0).doc_string();
  EXPECT_NE(m.graph().output(0).doc_string().find("one per class"), std::string::npos)
      << m.graph().output(0).doc_string();
  // A binary model's one output is the logit of class 1.
  const ::onnx::ModelProto binary = export_checked(*random_model("linear(1)", {2}, 1, 1), {2});
  EXPECT_NE(binary.graph().output(0).doc_string().find("class 1"), std::string::npos)
      << binary.graph().output(0).doc_string();
}

TEST(OnnxExport, NormalizationOfAnotherChannelCountIsRefused) {
  auto model = random_model("conv(2,1)-flatten-linear(3)", {3, 2, 2}, 3, 1);
  const ExportOptions options{.normalization = {.mean = {0.5f, 1.0f}, .std = {2.0f, 1.0f}}};
  EXPECT_EQ(error_of([&] { (void)export_model(*model, {3, 2, 2}, options); }),
            "onnx export: the normalisation has 2 means and 2 stds, but samples of shape [3, 2, 2] have 3 channels");
}

// A layer of a kind without a mapping is named by its index (its state-dict prefix) and description.
struct Square : nn::Module {
  Tensor forward(const Tensor& x) override { return x * x; }
  std::string describe() const override { return "Square"; }
};

TEST(OnnxExport, UnsupportedLayerIsNamed) {
  const std::string kinds = "Sequential, Linear, Conv2d, MaxPool2d, AvgPool2d, BatchNorm, Flatten, Dropout, ReLU, "
                            "Sigmoid, Tanh, Residual, GlobalAvgPool2d";
  Generator gen(1);
  nn::Sequential model({std::make_shared<nn::Linear>(4, 3, gen), std::make_shared<Square>()});
  EXPECT_EQ(error_of([&] { (void)export_model(model, {4}); }),
            "onnx export: layer 1 (Square) has no ONNX mapping; the layers that export are " + kinds);
  auto inner = std::make_shared<nn::Sequential>(std::vector<std::shared_ptr<nn::Module>>{std::make_shared<Square>()});
  nn::Sequential nested({std::make_shared<nn::Linear>(4, 3, gen), std::make_shared<nn::ReLU>(), inner});
  EXPECT_EQ(error_of([&] { (void)export_model(nested, {4}); }),
            "onnx export: layer 2.0 (Square) has no ONNX mapping; the layers that export are " + kinds);
  EXPECT_EQ(supported_layers().size(), 13u);
}

TEST(OnnxExport, FlattenFromAnotherDimensionIsRefused) {
  Generator gen(1);
  nn::Sequential flat({std::make_shared<nn::Flatten>(2), std::make_shared<nn::Linear>(4, 3, gen)});
  EXPECT_EQ(error_of([&] { (void)export_model(flat, {2, 2, 2}); }),
            "onnx export: layer 0 (Flatten(start_dim=2)) has no ONNX mapping: only start_dim=1 has one");
}

// The sample shape is followed through the layers, so a layer that does not fit is named here.
TEST(OnnxExport, LayersThatDoNotFitTheirInputAreNamed) {
  Generator gen(1);
  auto error = [](const std::vector<std::shared_ptr<nn::Module>>& layers, const Shape& sample_shape) {
    return error_of([&] { (void)export_model(nn::Sequential(layers), sample_shape); });
  };
  EXPECT_EQ(error({std::make_shared<nn::Linear>(5, 3, gen)}, {4}),
            "onnx export: layer 0 (Linear(5, 3)) needs samples of shape [5], but gets [4]");
  EXPECT_EQ(error({std::make_shared<nn::Linear>(2, 3, gen)}, {2, 2}),
            "onnx export: layer 0 (Linear(2, 3)) needs samples of shape [2], but gets [2, 2]");
  EXPECT_EQ(error({std::make_shared<nn::ReLU>(), std::make_shared<nn::Conv2d>(3, 4, 3, gen)}, {2, 5, 5}),
            "onnx export: layer 1 (Conv2d(3, 4, kernel=3, stride=1, padding=0)) needs samples of shape [3, H, W], "
            "but gets [2, 5, 5]");
  EXPECT_EQ(error({std::make_shared<nn::MaxPool2d>(3)}, {2, 2, 2}),
            "onnx export: layer 0 (MaxPool2d(kernel=3, stride=3)) leaves nothing of samples of shape [2, 2, 2]");
  EXPECT_EQ(error({std::make_shared<nn::AvgPool2d>(2)}, {4}),
            "onnx export: layer 0 (AvgPool2d(kernel=2, stride=2)) needs samples of shape [C, H, W], but gets [4]");
  EXPECT_EQ(error({std::make_shared<nn::BatchNorm1d>(3)}, {4}),
            "onnx export: layer 0 (BatchNorm1d(3)) needs samples of shape [3, …], but gets [4]");
}

}  // namespace
}  // namespace nabla::onnx
