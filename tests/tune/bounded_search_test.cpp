// A search's trials and their configs are bounded and checked before anything trains or is written.
#include <gtest/gtest.h>

#include <nabla/tune/search.h>

#include "search_fixtures.h"

namespace nabla::tune {
namespace {

using nlohmann::json;

using testing::blobs_base;

std::string search_error(const train::TrainConfig& base, const std::string& space, SearchOptions options) {
  try {
    (void)run_search(base, parse_search_space(json::parse(space)), options);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(BoundedFiles, SearchTrialsAreCheckedBeforeAnyTrains) {
  const auto dir = train::testing::fresh_dir("bounded_search");
  const train::TrainConfig base = blobs_base(dir);
  const SearchOptions options{.space_name = "space.json", .out = dir / "search"};
  EXPECT_EQ(search_error(base, R"({"lr": [0.1], "epochs": [1000000000000000000]})", options),
            "space.json: trial 1 (epochs=1000000000000000000, lr=0.1): epochs: must be a whole number in "
            "[1, 1000000], not 1000000000000000000");
  EXPECT_EQ(search_error(base, R"({"momentum": [0.5, 1.5]})", options),
            "space.json: trial 2 (momentum=1.5): optimizer.momentum: must be a number in [0, 1), not 1.5");
  SearchOptions random = options;
  random.mode = SearchMode::random;
  random.trials = 3;
  EXPECT_NE(search_error(base, R"({"epochs": {"int_uniform": [1, 1000000000000000]}})", random)
                .find("epochs: must be a whole number in [1, 1000000]"),
            std::string::npos);
  EXPECT_NE(search_error(base, R"({"epochs": {"int_uniform": [1, 1000000000000000000]}})", random)
                .find("\"epochs\" int_uniform takes bounds within +-2^53"),
            std::string::npos);
  // A hyper-parameter that no trial's optimizer uses is a mistake; one that some use is fine.
  EXPECT_EQ(search_error(base, R"({"beta1": [0.8, 0.9]})", options),
            "space.json: \"beta1\": no trial uses it: sgd has no beta1; its options are lr, momentum, dampening, "
            "nesterov, weight_decay");
  EXPECT_FALSE(std::filesystem::exists(dir / "search"));  // refused before the folder was claimed
}

TEST(BoundedFiles, SearchTrialCountsAreBounded) {
  const auto dir = train::testing::fresh_dir("bounded_trials");
  const train::TrainConfig base = blobs_base(dir);
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
}  // namespace nabla::tune
