// model.safetensors loads into the equivalent PyTorch model (tools/torch_model.py) and both give the
// same outputs. Needs Debian's python3-torch; skipped where /usr/bin/python3 cannot import torch.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include <nabla/autograd/grad_node.h>
#include <nabla/nn/model_spec.h>
#include <nabla/tensor/random.h>
#include <nabla/train/safetensors.h>
#include <nabla/train/trainer.h>

#include "train_fixtures.h"

namespace nabla::train {
namespace {

bool torch_available() { return std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") == 0; }

TEST(TorchExport, PyTorchReproducesNablaOutputs) {
  if (!torch_available()) GTEST_SKIP() << "/usr/bin/python3 with torch (Debian python3-torch) is not installed";
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
  save_safetensors(dir / "input.safetensors", {{"x", x}});
  const std::string cmd = "/usr/bin/python3 " + std::string(NABLA_SOURCE_DIR) + "/tools/torch_model.py " +
                          dir.string() + " " + (dir / "input.safetensors").string() + " " +
                          (dir / "output.safetensors").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const Tensor expected = [&] {
    NoGradGuard no_grad;
    return (*model)(x);
  }();
  const Tensor actual = load_safetensors(dir / "output.safetensors").at("y");
  ASSERT_EQ(actual.shape(), expected.shape());
  const auto a = actual.to_vector<float>(), e = expected.to_vector<float>();
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], e[i], 1e-5) << i;  // float32 sums in another order
}

}  // namespace
}  // namespace nabla::train
