// Exported models run in ONNX Runtime give nabla's outputs: max |Δlogit| ≤ 1e-5 (float32 sums in
// another order) for the presets, BatchNorm, every layer kind, residual blocks, every opset, any batch
// size and the standardisation inside the graph. Skipped without node and ONNX Runtime unless
// NABLA_REQUIRE_TORCH=1.
#include <gtest/gtest.h>

#include <cstdio>

#include <nabla/data/normalization.h>

#include "../common/train_fixtures.h"
#include "export_fixtures.h"
#include "ort_runner.h"

namespace nabla::onnx {
namespace {

using testing::export_checked;
using testing::max_abs_diff;
using testing::nabla_outputs;
using testing::random_model;
using testing::run_ort;

constexpr double kTolerance = 1e-5;

// max |Δlogit| between ONNX Runtime on the export and nabla on x, printed for the record.
double export_parity(const std::string& label, nn::Sequential& model, const Shape& sample_shape, const Tensor& x,
                     const ExportOptions& options = {}) {
  const auto dir = train::testing::fresh_dir("onnx_parity_" + label);
  const Tensor ort = run_ort(export_checked(model, sample_shape, options), x, dir).output;
  const Tensor expected = nabla_outputs(model, x);
  const double diff = max_abs_diff(ort, expected);
  std::printf("export parity %s: max |Δlogit| = %.3g over %lld inputs (logits up to %.3g in size)\n", label.c_str(),
              diff, static_cast<long long>(x.size(0)), max_abs_diff(expected, Tensor::zeros(expected.shape())));
  return diff;
}

TEST(OnnxParity, MlpPreset) {
  REQUIRE_ORT();
  auto model = random_model("mlp", {1, 28, 28}, 10, 1);
  Generator gen(2);
  EXPECT_LE(export_parity("mlp", *model, {1, 28, 28}, rand({256, 1, 28, 28}, gen)), kTolerance);
}

TEST(OnnxParity, ConvNetPreset) {
  REQUIRE_ORT();
  auto model = random_model("convnet", {1, 28, 28}, 10, 3);
  Generator gen(4);
  EXPECT_LE(export_parity("convnet", *model, {1, 28, 28}, rand({256, 1, 28, 28}, gen)), kTolerance);
}

// BatchNorm2d and BatchNorm1d with running statistics far from (0, 1), exported from a model left in
// train mode: the export is the eval form whatever the mode.
TEST(OnnxParity, BatchNormInEvalForm) {
  REQUIRE_ORT();
  const std::string spec = "conv(6,3,pad=1)-batchnorm-relu-maxpool(2)-flatten-linear(32)-batchnorm-tanh-linear(5)";
  auto model = random_model(spec, {3, 10, 10}, 5, 5);
  ASSERT_TRUE(model->is_training());
  Generator gen(6);
  EXPECT_LE(export_parity("batchnorm", *model, {3, 10, 10}, randn({256, 3, 10, 10}, gen)), kTolerance);
}

// Every activation, strided and padded conv and pools (average pooling counting padding in the
// divisor), dropout (the identity) and flatten.
TEST(OnnxParity, EveryLayerKind) {
  REQUIRE_ORT();
  const std::string spec = "conv(4,3,stride=2,pad=1)-sigmoid-avgpool(3,stride=2,pad=1)-dropout(0.3)-conv(5,2)-tanh-"
                           "maxpool(2,pad=1)-flatten-dropout-linear(6)-relu-linear(3)";
  auto model = random_model(spec, {3, 12, 12}, 3, 7);
  Generator gen(8);
  EXPECT_LE(export_parity("every_layer", *model, {3, 12, 12}, randn({64, 3, 12, 12}, gen)), kTolerance);
}

// BatchNorm1d on (N, C, L) and on (N, F).
TEST(OnnxParity, BatchNormOverSequences) {
  REQUIRE_ORT();
  auto model = random_model("batchnorm-flatten-linear(4)-batchnorm-sigmoid-linear(2)", {3, 5}, 2, 9);
  Generator gen(10);
  EXPECT_LE(export_parity("batchnorm1d", *model, {3, 5}, randn({32, 3, 5}, gen)), kTolerance);
}

// A window over the corner of a 4×4 map of ones holds 4 ones of 9 places: nabla and ONNX Runtime both
// give 4/9, as PyTorch's default count_include_pad=True does (not 1, the mean of the ones alone).
TEST(OnnxParity, AvgPoolCountsPaddingInTheDivisor) {
  REQUIRE_ORT();
  Generator gen(1);
  auto model = nn::build_model("avgpool(3,stride=2,pad=1)-flatten", {1, 4, 4}, 4, gen, nullptr);
  const Tensor ones = Tensor::ones({1, 1, 4, 4});
  const auto dir = train::testing::fresh_dir("onnx_avgpool");
  const std::vector<float> ort = run_ort(export_checked(*model, {1, 4, 4}), ones, dir).output.to_vector<float>();
  const std::vector<float> expected{4.0f / 9, 6.0f / 9, 6.0f / 9, 1.0f};
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(ort[i], expected[i], 1e-7) << i;
  EXPECT_LE(max_abs_diff(nabla_outputs(*model, ones), Tensor::from_vector(expected, {1, 4})), 1e-7);
}

// One exported file runs at batch sizes 1 and 7, and the runtime reads the batch as a symbolic dim.
TEST(OnnxParity, DynamicBatch) {
  REQUIRE_ORT();
  auto model = random_model("convnet", {1, 28, 28}, 10, 11);
  const auto dir = train::testing::fresh_dir("onnx_dynamic_batch");
  const ::onnx::ModelProto exported = export_checked(*model, {1, 28, 28});
  Generator gen(12);
  for (int64_t batch : {1, 7}) {
    const Tensor x = rand({batch, 1, 28, 28}, gen);
    const testing::OrtRun r = run_ort(exported, x, dir);
    EXPECT_EQ(r.output.shape(), (Shape{batch, 10}));
    EXPECT_LE(max_abs_diff(r.output, nabla_outputs(*model, x)), kTolerance) << "batch " << batch;
    EXPECT_EQ(r.info.at("inputs").at(0).at("shape").dump(), R"(["batch",1,28,28])");
    EXPECT_EQ(r.info.at("outputs").at(0).at("shape").dump(), R"(["batch",10])");
  }
}

// With the training set's statistics inside the graph, the export takes raw inputs: ONNX Runtime on
// raw x gives nabla's outputs on x standardised by data::apply_normalization (std 0: only centred).
TEST(OnnxParity, StandardisationInsideTheGraph) {
  REQUIRE_ORT();
  auto model = random_model("conv(4,3,pad=1)-relu-flatten-linear(3)", {3, 4, 4}, 3, 13);
  const data::Normalization norm{.mean = {0.5f, -1.0f, 2.0f}, .std = {2.0f, 0.0f, 0.25f}};
  Generator gen(14);
  const Tensor raw = randn({32, 3, 4, 4}, gen, 1.0, 3.0);
  data::LabeledData standardized{.features = raw.to_vector<float>(), .sample_shape = {3, 4, 4},
                                 .labels = std::vector<int64_t>(32, 0), .num_classes = 3, .class_names = {}};
  data::apply_normalization(standardized, norm);
  const auto dir = train::testing::fresh_dir("onnx_standardisation");
  const Tensor ort = run_ort(export_checked(*model, {3, 4, 4}, {.normalization = norm}), raw, dir).output;
  const Tensor expected = nabla_outputs(*model, Tensor::from_vector(standardized.features, raw.shape()));
  EXPECT_LE(max_abs_diff(ort, expected), kTolerance);
  EXPECT_GT(max_abs_diff(ort, nabla_outputs(*model, raw)), 0.1) << "the standardisation changes the outputs";
}

// Residual blocks become Add nodes: option A as a fixed strided 1×1 Conv, projections as their layers;
// global average pooling, batch norm and the ReLUs after the sums as in the preset.
TEST(OnnxParity, Resnet20Preset) {
  REQUIRE_ORT();
  auto model = random_model("resnet20", {1, 28, 28}, 10, 17);
  Generator gen(18);
  EXPECT_LE(export_parity("resnet20", *model, {1, 28, 28}, rand({64, 1, 28, 28}, gen)), kTolerance);
}

// Conv's dilation and groups (depthwise too), a projection shortcut, option A with odd sizes (7 -> 4).
TEST(OnnxParity, ResidualShortcutsDilationAndGroups) {
  REQUIRE_ORT();
  const std::string spec = "conv(4,3,pad=2,dilation=2)-bn-relu-res(conv(4,3,pad=1,groups=4)-bn-relu-conv(4,1))-"
                           "res(conv(6,3,stride=2,pad=1,groups=2)-bn|conv(6,1,stride=2,bias=0)-bn)-relu-"
                           "res(conv(10,3,stride=2,pad=1)-bn)-gap-linear(3)";
  auto model = random_model(spec, {2, 13, 13}, 3, 19);
  Generator gen(20);
  EXPECT_LE(export_parity("residual", *model, {2, 13, 13}, randn({32, 2, 13, 13}, gen)), kTolerance);
}

TEST(OnnxParity, EveryOpset) {
  REQUIRE_ORT();
  const std::string spec = "conv(3,3,pad=1)-batchnorm-sigmoid-avgpool(2,pad=1)-maxpool(2)-flatten-dropout-linear(4)-"
                           "tanh-linear(3)";
  auto model = random_model(spec, {2, 6, 6}, 3, 15);
  Generator gen(16);
  const Tensor x = randn({16, 2, 6, 6}, gen);
  for (int64_t opset = kMinOpset; opset <= kMaxOpset; ++opset)
    EXPECT_LE(export_parity("opset_" + std::to_string(opset), *model, {2, 6, 6}, x, {.opset = opset}), kTolerance);
  auto resnet = random_model("conv(4,3,pad=1,dilation=1)-res(conv(4,3,pad=2,dilation=2,groups=2)-bn)-"
                             "res(conv(8,3,stride=2,pad=1)-bn)-gap-linear(3)", {2, 6, 6}, 3, 21);
  for (int64_t opset = kMinOpset; opset <= kMaxOpset; ++opset)
    EXPECT_LE(export_parity("residual_opset_" + std::to_string(opset), *resnet, {2, 6, 6}, x, {.opset = opset}),
              kTolerance);
}

}  // namespace
}  // namespace nabla::onnx
