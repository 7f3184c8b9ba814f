// Training in bf16 precision: a run with bfloat16 convolutions and matrix products learns as the float32
// run does, where the CPU has bfloat16 instructions; elsewhere it says so and computes in float32.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nabla/io/atomic_file.h>
#include <nabla/tensor/precision.h>
#include <nabla/train/trainer.h>

#include "../common/image_fixtures.h"
#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

// Keeps the messages a run prints.
struct Messages final : ProgressReporter {
  std::vector<std::string> lines;
  void on_batch(const BatchProgress&) override {}
  void on_epoch(const EpochRecord&, int64_t) override {}
  void message(const std::string& text) override { lines.push_back(text); }
};

// 16-channel convolutions (through oneDNN) and a Linear layer, on 8x8 images of two classes.
TrainConfig config(const std::filesystem::path& dir, const std::string& precision) {
  TrainConfig c;
  c.data = testing::write_image_folder(dir, 2, 40).string();
  c.model = "conv(16,3,pad=1)-relu-conv(16,3,pad=1)-relu-flatten-linear(2)";
  c.optimizer.name = "sgd";
  c.optimizer.lr = 0.05;
  c.batch_size = 8;
  c.epochs = 3;
  c.precision = precision;
  c.out = (dir / precision).string();
  return c;
}

TEST(PrecisionTraining, Bf16RunLearnsAsTheFloat32RunOrSaysItCannot) {
  const auto dir = testing::fresh_dir("precision_training");
  auto f32_messages = std::make_shared<Messages>(), bf16_messages = std::make_shared<Messages>();
  const TrainResult f32 = run_training(config(dir, "f32"), {.progress = f32_messages});
  const TrainResult bf16 = run_training(config(dir, "bf16"), {.progress = bf16_messages});
  const std::string note = "--precision bf16: this CPU has no bfloat16 instructions";
  const auto noted = [&](const Messages& m) {
    for (const std::string& line : m.lines)
      if (line.find(note) != std::string::npos) return true;
    return false;
  };
  EXPECT_FALSE(noted(*f32_messages));
  const std::string f32_weights = io::read_file(f32.out / "model.safetensors");
  const std::string bf16_weights = io::read_file(bf16.out / "model.safetensors");
  if (!cpu_has_bf16()) {
    EXPECT_TRUE(noted(*bf16_messages));
    EXPECT_EQ(bf16_weights, f32_weights) << "a run without bfloat16 instructions computes in float32";
    return;
  }
  EXPECT_FALSE(noted(*bf16_messages));
  EXPECT_NE(bf16_weights, f32_weights) << "bf16 rounding changes the weights";
  // The same seed and batches: bfloat16 rounding moves the losses a little, not the learning.
  ASSERT_EQ(bf16.history.epochs.size(), f32.history.epochs.size());
  for (std::size_t e = 0; e < f32.history.epochs.size(); ++e) {
    const double a = f32.history.epochs[e].train_loss, b = bf16.history.epochs[e].train_loss;
    EXPECT_NEAR(b, a, 0.05 * a + 1e-3) << "epoch " << e + 1;
  }
  EXPECT_NEAR(bf16.validation.loss, f32.validation.loss, 0.05 * f32.validation.loss + 1e-3);
  EXPECT_LT(bf16.history.epochs.back().train_loss, 0.5 * bf16.history.epochs.front().train_loss)
      << "the bf16 run learns";
  EXPECT_EQ(compute_precision(), Precision::f32) << "the run restores the caller's precision";
}

}  // namespace
}  // namespace nabla::train
