// Files cannot make a run hang or allocate absurdly: a checkpoint's counts are bounded and checked
// before anything trains or is written.
#include <gtest/gtest.h>

#include <nabla/io/atomic_file.h>
#include <nabla/train/checkpoint.h>

#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

using nlohmann::json;

// A checkpoint whose trainer state is `state`, with no tensors.
void write_checkpoint_state(const std::filesystem::path& dir, const json& state) {
  save_safetensors(checkpoint_path(dir), {},
                   {{"format", "nabla-checkpoint"}, {"trainer_state", state.dump()}, {"config", "{}"}});
}

std::string load_error(const std::filesystem::path& dir) {
  try {
    (void)load_checkpoint(dir);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(BoundedFiles, CheckpointCountsAreWholeNumbersInRange) {
  const auto dir = testing::fresh_dir("bounded_checkpoint");
  const json good = {{"epoch", 0}, {"history", History{}.to_json()}, {"best_val_loss", nullptr},
                     {"best_epoch", 0}, {"stale_epochs", 0}, {"dropout_rng", {1u, 3u}}};
  write_checkpoint_state(dir, good);
  EXPECT_EQ(load_error(dir), "");
  const std::pair<std::string, json> bad[] = {
      {"epoch", 1e300}, {"epoch", -1}, {"epoch", 2.5}, {"epoch", 3}, {"best_epoch", 1}, {"stale_epochs", 1e18},
      {"dropout_rng", {-1, 3}}};
  for (const auto& [key, value] : bad) {
    json state = good;
    state[key] = value;
    write_checkpoint_state(dir, state);
    const std::string what = load_error(dir);
    EXPECT_NE(what.find("damaged trainer state"), std::string::npos) << key << " " << value.dump() << ": " << what;
    EXPECT_NE(what.find(checkpoint_path(dir).string()), std::string::npos) << what;
  }
  json state = good;
  state["epoch"] = 1e300;
  write_checkpoint_state(dir, state);
  EXPECT_NE(load_error(dir).find("epoch: must be a whole number in [0, 1000000], not 1e+300"), std::string::npos)
      << load_error(dir);
}

}  // namespace
}  // namespace nabla::train
