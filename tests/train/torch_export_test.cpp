// model.safetensors loads into the equivalent PyTorch model (tools/torch_model.py) and both give the
// same outputs. Needs Debian's python3-torch; skipped where /usr/bin/python3 cannot import torch.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nabla/autograd/grad_node.h>
#include <nabla/nn/model_spec.h>
#include <nabla/tensor/random.h>
#include <nabla/train/safetensors.h>
#include <nabla/train/trainer.h>

#include "../common/train_fixtures.h"

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
  const std::string cmd = "/usr/bin/python3 " + std::string(NABLA_SOURCE_DIR) + "/tools/torch_model.py " +
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
