// Damaged checkpoints: a trainer state that is not what the trainer wrote fails with a message naming
// the file, never with undefined behaviour or the file's raw bytes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nabla/train/checkpoint.h>

#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

const std::string kState =
    R"({"epoch": 1, "history": {"epochs": []}, "best_val_loss": null, "best_epoch": 0, "stale_epochs": 0,
        "dropout_rng": [1, 2]})";

// The message load_checkpoint throws for a checkpoint of these tensors and this trainer state. The
// folder is this process's: ctest runs tests in parallel.
std::string load_error(const TensorMap& tensors, const std::string& state) {
  const auto dir = testing::fresh_dir("checkpoint_damage_" + std::to_string(::getpid()));
  save_safetensors(checkpoint_path(dir), tensors,
                   {{"format", "nabla-checkpoint"}, {"trainer_state", state}, {"config", "{}"}});
  std::string message = "no error";
  try {
    (void)load_checkpoint(dir);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  std::filesystem::remove_all(dir);
  return message;
}

TEST(CheckpointDamage, AWellFormedStateLoads) { EXPECT_EQ(load_error({}, kState), "no error"); }

TEST(CheckpointDamage, CountsMustBeWholeNumbers) {
  // Converting 1e300 to int64 is undefined behaviour in nlohmann's get.
  std::string state = kState;
  state.replace(state.find("\"epoch\": 1"), 10, "\"epoch\": 1e300");
  const std::string e = load_error({}, state);
  EXPECT_NE(e.find("checkpoint.safetensors: damaged trainer state in the header: expected a whole number, not "
                   "1e+300"),
            std::string::npos)
      << e;
  state = kState;
  state.replace(state.find("[1, 2]"), 6, "[1, -0.5]");
  EXPECT_NE(load_error({}, state).find("expected a whole number, not -0.5"), std::string::npos);
  state = kState;
  state.replace(state.find("\"epochs\": []"), 12, R"("epochs": [{"epoch": 1e300}])");
  EXPECT_NE(load_error({}, state).find("history: an epoch number is not a whole number"), std::string::npos);
}

TEST(CheckpointDamage, RawBytesAreNeverEchoed) {
  const std::string e = load_error({}, "{\"epoch\": \xc3\xa9}");  // valid UTF-8, so the writer accepts it
  EXPECT_NE(e.find("checkpoint.safetensors: damaged trainer state in the header: byte 10: not valid JSON"),
            std::string::npos)
      << e;
  EXPECT_EQ(e.find('\xc3'), std::string::npos);
  EXPECT_NE(load_error({{"\x1b[31m", Tensor::from_list({1.0}, {1})}}, kState).find("unexpected tensor \"\\x1B[31m\""),
            std::string::npos);
}

}  // namespace
}  // namespace nabla::train
