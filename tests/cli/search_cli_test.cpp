// `nabla search` through the binary: the JSON results and files, a second call that trains nothing, and
// a bad space file as one `error:` line.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include <nabla/io/atomic_file.h>

#include "../common/train_fixtures.h"
#include "cli_runner.h"

namespace nabla::cli {
namespace {

using testing::run_cli;

TEST(SearchCli, GridSearchWritesResultsAndContinues) {
  const auto dir = train::testing::fresh_dir("cli_search");
  const auto csv = train::testing::write_blobs_csv(dir);
  io::write_file_atomic(dir / "space.json", R"({"lr": [0.001, 0.1]})");
  const std::string args = "search --data " + csv.string() + " --model 'linear(8)-relu-linear(3)' --optimizer sgd " +
                           "--epochs 2 --space " + (dir / "space.json").string() + " --out " + (dir / "s").string();
  const auto r = run_cli(args + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["trials"].size(), 2u);
  EXPECT_EQ(j["winner"]["params"]["lr"].get<double>(), 0.1);
  EXPECT_EQ(j["winner"]["test"]["samples"], 120);
  for (const char* f : {"search.json", "results.csv", "results.json", "results.svg", "winner/metrics.json",
                        "trial-001/trial.json", "trial-002/trial.json"})
    EXPECT_TRUE(std::filesystem::exists(dir / "s" / f)) << f;

  const auto again = run_cli(args, true);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("trial 2/2: best val loss"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("(finished earlier)"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("winner: trial 2 (lr=0.1)"), std::string::npos) << again.output;
}

// One batch per epoch at lr 1e20: the trial's training loss stays finite but its weights do not. It is
// recorded as failed, with its reason, and the search goes on to a winner.
TEST(SearchCli, DivergingTrialIsRecordedAsFailedAndTheSearchGoesOn) {
  const auto dir = train::testing::fresh_dir("cli_search_diverge");
  const auto csv = train::testing::write_blobs_csv(dir);
  io::write_file_atomic(dir / "space.json", R"({"lr": [0.1, 1e20]})");
  const auto r = run_cli("search --data " + csv.string() + " --model 'linear(8)-relu-linear(3)' --optimizer sgd " +
                             "--batch-size 1000 --epochs 1 --space " + (dir / "space.json").string() + " --out " +
                             (dir / "s").string(),
                         true);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("trial 2/2: failed: training diverged: the validation loss is nan"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("winner: trial 1 (lr=0.1)"), std::string::npos) << r.output;
  const auto j = nlohmann::json::parse(io::read_file(dir / "s" / "results.json"));
  EXPECT_EQ(j["trials"][1]["status"], "failed");
  EXPECT_NE(j["trials"][1]["error"].get<std::string>().find("diverged"), std::string::npos);
  const std::string results = io::read_file(dir / "s" / "results.csv");
  EXPECT_NE(results.find("\n2,1e+20,failed,"), std::string::npos) << results;
  EXPECT_NE(results.find("training diverged: the validation loss is nan"), std::string::npos) << results;
}

TEST(SearchCli, BadSpaceFileIsOneErrorLine) {
  const auto dir = train::testing::fresh_dir("cli_search_bad");
  io::write_file_atomic(dir / "space.json", R"({"learning_rate": [0.1]})");
  const auto r = run_cli("search --data x.csv --space " + (dir / "space.json").string() + " --out " +
                             (dir / "s").string(),
                         true);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output.rfind("error: ", 0), 0u) << r.output;
  EXPECT_NE(r.output.find("\"learning_rate\" is not a hyper-parameter"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "s"));
}

}  // namespace
}  // namespace nabla::cli
