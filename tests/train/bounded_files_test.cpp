// Files cannot make a run hang or allocate absurdly: a checkpoint's counts and a search's trials and
// their configs are bounded and checked before anything trains or is written.
#include <gtest/gtest.h>

#include <nabla/io/atomic_file.h>
#include <nabla/train/checkpoint.h>
#include <nabla/train/search.h>

#include "train_fixtures.h"

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

TrainConfig blobs_base(const std::filesystem::path& dir) {
  TrainConfig c;
  c.data = testing::write_blobs_csv(dir).string();
  c.model = "linear(3)";
  c.optimizer.name = "sgd";
  c.epochs = 1;
  return c;
}

std::string search_error(const TrainConfig& base, const std::string& space, SearchOptions options) {
  try {
    (void)run_search(base, parse_search_space(json::parse(space)), options);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(BoundedFiles, SearchTrialsAreCheckedBeforeAnyTrains) {
  const auto dir = testing::fresh_dir("bounded_search");
  const TrainConfig base = blobs_base(dir);
  const SearchOptions options{.space_name = "space.json", .out = dir / "search"};
  EXPECT_EQ(search_error(base, R"({"lr": [0.1], "epochs": [1000000000000000000]})", options),
            "space.json: trial 1 (epochs=1000000000000000000, lr=0.1): epochs: must be a whole number in "
            "[1, 1000000], not 1000000000000000000");
  EXPECT_EQ(search_error(base, R"({"momentum": [0.5, 1.5]})", options),
            "space.json: trial 2 (momentum=1.5): optimizer.momentum: must be a number in [0, 1), not 1.5");
  SearchOptions random = options;
  random.mode = SearchMode::random;
  random.trials = 3;
  EXPECT_NE(search_error(base, R"({"epochs": {"int_uniform": [1, 1000000000000000000]}})", random)
                .find("epochs: must be a whole number in [1, 1000000]"),
            std::string::npos);
  // A hyper-parameter that no trial's optimizer uses is a mistake; one that some use is fine.
  EXPECT_EQ(search_error(base, R"({"beta1": [0.8, 0.9]})", options),
            "space.json: \"beta1\": no trial uses it: sgd has no beta1; its options are lr, momentum, dampening, "
            "nesterov, weight_decay");
  EXPECT_FALSE(std::filesystem::exists(dir / "search"));  // refused before the folder was claimed
}

TEST(BoundedFiles, SearchTrialCountsAreBounded) {
  const auto dir = testing::fresh_dir("bounded_trials");
  const TrainConfig base = blobs_base(dir);
  SearchOptions random{.mode = SearchMode::random, .trials = 1'000'000'000'000, .out = dir / "search"};
  EXPECT_EQ(search_error(base, R"({"lr": {"log_uniform": [0.01, 0.1]}})", random),
            "search: trials must be a whole number in [0, 10000], not 1000000000000");
  // The 10^7 points of this grid are never built.
  json space = json::object();
  for (const char* name : {"lr", "weight_decay", "l2", "val_fraction", "test_fraction", "dampening", "momentum"})
    space[name] = json::array({0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95});
  const SearchOptions grid{.space_name = "space.json", .out = dir / "search"};
  EXPECT_EQ(search_error(base, space.dump(), grid),
            "space.json: the grid has more than 10000 points; list fewer values, or search the first --trials N, or use "
            "--mode random");
  EXPECT_FALSE(std::filesystem::exists(dir / "search"));
}

}  // namespace
}  // namespace nabla::train
