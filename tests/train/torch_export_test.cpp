// model.safetensors loads into the equivalent PyTorch model (tools/torch_model.py) and both give the
// same outputs. Needs Debian's python3-torch; skipped where /usr/bin/python3 cannot import torch.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nabla/autograd/grad_node.h>
#include <nabla/nn/model_spec.h>
#include <nabla/tensor/random.h>
#include <nabla/train/safetensors.h>
#include <nabla/train/trainer.h>

#include "../common/train_fixtures.h"
#include "../common/test_paths.h"

namespace nabla::train {
namespace {

bool torch_available() { return std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") == 0; }

// Skips where torch is missing, unless NABLA_REQUIRE_TORCH=1 (CI installs it) makes that a failure.
#define REQUIRE_TORCH()                                                                                  \
  do {                                                                                                   \
    if (torch_available()) break;                                                                        \
    if (const char* r = std::getenv("NABLA_REQUIRE_TORCH"); r && std::string(r) == "1")                 \
      FAIL() << "NABLA_REQUIRE_TORCH=1 but /usr/bin/python3 cannot import torch";                        \
    GTEST_SKIP() << "/usr/bin/python3 with torch (Debian python3-torch) is not installed";               \
  } while (false)

// tools/torch_model.py DIR x → y: the PyTorch model of the run in dir applied to x.
Tensor torch_outputs(const std::filesystem::path& dir, const Tensor& x) {
  save_safetensors(dir / "input.safetensors", {{"x", x}});
  const std::string cmd = "/usr/bin/python3 " + std::string(nabla::test::source_dir()) + "/tools/torch_model.py " +
                          dir.string() + " " + (dir / "input.safetensors").string() + " " +
                          (dir / "output.safetensors").string();
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("failed: " + cmd);
  return load_safetensors(dir / "output.safetensors").at("y");
}

void expect_same_outputs(const Tensor& actual, const Tensor& expected) {
  ASSERT_EQ(actual.shape(), expected.shape());
  const auto a = actual.to_vector<float>(), e = expected.to_vector<float>();
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], e[i], 1e-5) << i;  // float32 sums in another order
}

TEST(TorchExport, PyTorchReproducesNablaOutputs) {
  REQUIRE_TORCH();
  const auto dir = testing::fresh_dir("torch_export");
  // A run folder written by hand: a small ConvNet over 2×8×8 inputs using every layer kind the exporter
  // maps, with random weights (what matters is that both frameworks compute the same function).
  Generator gen(3);
  const std::string spec = "conv(4,3,pad=1)-relu-maxpool(2)-conv(6,3,stride=2,pad=1)-tanh-flatten-linear(5)-sigmoid-linear(3)";
  auto model = nn::build_model(spec, {2, 8, 8}, 3, gen, nullptr);
  model->eval();
  save_safetensors(dir / "model.safetensors", model->state_dict(), {{"format", "pt"}, {"model", spec}});
  std::ofstream(dir / "data.json") << R"({"sample_shape": [2, 8, 8]})";
  const Tensor x = randn({5, 2, 8, 8}, gen);
  const Tensor expected = [&] {
    NoGradGuard no_grad;
    return (*model)(x);
  }();
  expect_same_outputs(torch_outputs(dir, x), expected);
}

// A run folder holding the model of spec with batch norms' statistics and biases moved off their initial
// values, as the trainer writes it (the spec expanded), and x; PyTorch must give the model's outputs on x.
void expect_torch_matches(const std::string& name, const std::string& spec, const Shape& sample, uint64_t seed) {
  const auto dir = testing::fresh_dir(name);
  Generator gen(seed);
  auto model = nn::build_model(spec, sample, 10, gen, nullptr);
  std::map<std::string, Tensor> state = model->state_dict();
  for (auto& [key, value] : state)
    if (value.dtype() == DType::f32 && value.dim() == 1)
      value = key.ends_with("running_var") ? rand(value.shape(), gen, 0.5, 2.0) : randn(value.shape(), gen, 0.0, 0.2);
  model->load_state_dict(state);
  model->eval();
  save_safetensors(dir / "model.safetensors", model->state_dict(),
                   {{"format", "pt"}, {"model", nn::expand_model_spec(spec)}});
  std::ofstream(dir / "data.json") << nlohmann::json{{"sample_shape", sample}}.dump();
  Shape batch{4};
  batch.insert(batch.end(), sample.begin(), sample.end());
  const Tensor x = rand(batch, gen);
  const Tensor expected = [&] {
    NoGradGuard no_grad;
    return (*model)(x);
  }();
  expect_same_outputs(torch_outputs(dir, x), expected);
}

// The resnet20 preset's state dict loads into tools/torch_model.py's module (strict names), which
// computes the same logits: option-A shortcuts, batch norm, global pooling, for 1×28×28 and 3×32×32.
TEST(TorchExport, Resnet20LoadsIntoPyTorch) {
  REQUIRE_TORCH();
  expect_torch_matches("torch_export_resnet20", "resnet20", {1, 28, 28}, 5);
  expect_torch_matches("torch_export_resnet20_cifar", "resnet20", {3, 32, 32}, 6);
}

TEST(TorchExport, ProjectionShortcutsDilationAndGroups) {
  REQUIRE_TORCH();
  expect_torch_matches("torch_export_residual",
                       "conv(4,3,pad=2,dilation=2)-bn-relu-res(conv(4,3,pad=1,groups=4)-relu)-"
                       "res(conv(6,3,stride=2,pad=1,groups=2)-bn|conv(6,1,stride=2,bias=0)-bn)-relu-gap-linear(10)",
                       {2, 9, 9}, 7);
}

// A run trained with --normalize true standardised its inputs with the training statistics in
// data.json; the PyTorch model applies them too (a channel with std 0 is only centred), so both take
// the same raw inputs.
TEST(TorchExport, PyTorchAppliesTheRunsNormalization) {
  REQUIRE_TORCH();
  const auto dir = testing::fresh_dir("torch_export_normalized");
  Generator gen(4);
  const std::string spec = "conv(3,3,pad=1)-relu-flatten-linear(4)";
  auto model = nn::build_model(spec, {2, 5, 5}, 4, gen, nullptr);
  model->eval();
  save_safetensors(dir / "model.safetensors", model->state_dict(), {{"format", "pt"}, {"model", spec}});
  std::ofstream(dir / "data.json") << R"({"sample_shape": [2, 5, 5],
      "normalization": {"mean": [0.5, -1.25], "std": [2.0, 0.0]}})";
  const Tensor x = randn({6, 2, 5, 5}, gen);
  std::vector<float> standardized = x.to_vector<float>();
  for (std::size_t i = 0; i < standardized.size(); ++i)
    standardized[i] = (i / 25) % 2 == 0 ? (standardized[i] - 0.5f) * 0.5f : standardized[i] + 1.25f;
  const Tensor expected = [&] {
    NoGradGuard no_grad;
    return (*model)(Tensor::from_vector(standardized, x.shape()));
  }();
  expect_same_outputs(torch_outputs(dir, x), expected);
}

}  // namespace
}  // namespace nabla::train
