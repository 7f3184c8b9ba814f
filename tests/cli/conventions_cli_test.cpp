// What every subcommand does alike: the run folder is the first argument (eval also takes the run's
// checkpoint file), a wrong one is named with what a run folder holds, and yes/no flags take a value or
// none, refusing any other word with one line.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include <nabla/io/atomic_file.h>

#include "../common/train_fixtures.h"
#include "cli_runner.h"

namespace nabla::cli {
namespace {

using testing::run_cli;

const std::string kHolds =
    "a run folder, written by `nabla train --out DIR`, holds config.json, data.json, model.safetensors, "
    "checkpoint.safetensors and history.json";

// A quick run on the blobs CSV in dir/run.
std::string trained_run(const std::filesystem::path& dir, const std::string& flags = "") {
  const auto csv = train::testing::write_blobs_csv(dir);
  const std::string run = (dir / "run").string();
  const auto r = run_cli("train --data " + csv.string() + " --model 'linear(3)' --epochs 2 --out " + run + " " + flags);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return run;
}

TEST(ConventionsCli, EveryRunCommandTakesTheRunFolderFirst) {
  const auto dir = train::testing::fresh_dir("cli_run_first");
  const std::string run = trained_run(dir);
  for (const std::string& args : {"eval " + run, "doctor " + run, "report " + run, "summary " + run,
                                  "export " + run + " --onnx " + (dir / "m.onnx").string()})
    EXPECT_EQ(run_cli(args).exit_code, 0) << args;
  const auto eval = run_cli("eval " + run + " --json");
  ASSERT_EQ(eval.exit_code, 0);
  // The checkpoint file names its run, and eval scores the checkpoint's own weights: with the model's
  // file gone, they are the only ones left.
  std::filesystem::remove(dir / "run" / "model.safetensors");
  const auto checkpoint = run_cli("eval " + run + "/checkpoint.safetensors --json");
  ASSERT_EQ(checkpoint.exit_code, 0) << checkpoint.output;
  EXPECT_EQ(nlohmann::json::parse(checkpoint.output)["test"], nlohmann::json::parse(eval.output)["test"]);
  EXPECT_EQ(run_cli("eval " + run, true).output,
            "error: " + run + " is not a run folder: it has no model.safetensors; " + kHolds + "\n");
}

TEST(ConventionsCli, AWrongRunFolderIsNamedWithWhatARunFolderHolds) {
  const auto dir = train::testing::fresh_dir("cli_wrong_run");
  const std::string nowhere = (dir / "nowhere").string(), empty = (dir / "empty").string();
  std::filesystem::create_directories(empty);
  io::write_file_atomic(dir / "file.txt", "x");
  const std::string file = (dir / "file.txt").string();
  const std::string run_files = "config.json, data.json, model.safetensors";
  const std::pair<std::string, std::string> cases[] = {
      {"eval " + nowhere, nowhere + ": no such folder; "},
      {"eval " + file, file + " is a file, not a run folder; "},
      {"eval " + empty, empty + " is not a run folder: it has no " + run_files + "; "},
      {"doctor " + empty, empty + " is not a run folder: it has no history.json; "},
      {"report " + empty, empty + " is not a run folder: it has no history.json or metrics.json; "},
      {"summary " + nowhere, nowhere + ": no such folder; "},
      {"export " + empty + " --onnx m.onnx", empty + " is not a run folder: it has no " + run_files + "; "},
      {"predict " + empty + " " + file, empty + " is not a run folder: it has no " + run_files + "; "},
  };
  for (const auto& [args, message] : cases) {
    const auto r = run_cli(args, true);
    EXPECT_EQ(r.exit_code, 1) << args;
    EXPECT_EQ(r.output, "error: " + message + kHolds + "\n") << args;
  }
}

TEST(ConventionsCli, BooleanFlagsTakeAValueOrNone) {
  const auto dir = train::testing::fresh_dir("cli_booleans");
  // A flag alone means true: --normalize alone used to set normalize to its default, false.
  const std::string run = trained_run(dir, "--normalize");
  EXPECT_EQ(nlohmann::json::parse(io::read_file(dir / "run" / "config.json"))["normalize"], true);
  const std::string quadric = "lab quadric --lambdas 1,10 --optimizer momentum";
  const std::string optimal = run_cli(quadric + " --optimal").output;
  EXPECT_NE(optimal.find("optimal "), std::string::npos) << optimal;
  for (const char* word : {" true", " 1", " yes", " on", "=true"})
    EXPECT_EQ(run_cli(quadric + " --optimal" + word).output, optimal) << word;
  const std::string plain = run_cli(quadric).output;
  for (const char* word : {" false", " 0", " no", " off", "=false"})
    EXPECT_EQ(run_cli(quadric + " --optimal" + word).output, plain) << word;
  const std::string nesterov = "lab optimize --optimizer sgd --momentum 0.9 --steps 5 --json";
  EXPECT_EQ(run_cli(nesterov + " --nesterov yes").output, run_cli(nesterov + " --nesterov").output);
  EXPECT_NE(run_cli(nesterov + " --nesterov").output, run_cli(nesterov).output);
  // Before or after the run folder, --json is a flag; a word after it that is no yes or no is refused.
  const auto doctor = run_cli("doctor --json " + run);
  ASSERT_EQ(doctor.exit_code, 0) << doctor.output;
  EXPECT_TRUE(nlohmann::json::parse(doctor.output).contains("findings"));
  EXPECT_EQ(run_cli("doctor " + run + " --json off").output, run_cli("doctor " + run).output);
  const std::string allowed = "takes true, false, 1, 0, yes, no, on or off (or nothing, for true), not ";
  const std::pair<std::string, std::string> refused[] = {
      {"train --nesterov maybe", "--nesterov: " + allowed + "\"maybe\""},
      {"train --sync-bn 2", "--sync-bn: " + allowed + "\"2\""},
      {"lab optimize --nesterov TRUE", "--nesterov: " + allowed + "\"TRUE\""},
      {quadric + " --json maybe", "--json: " + allowed + "\"maybe\""},
      {"eval " + run + " --full-curves sure", "--full-curves: " + allowed + "\"sure\""},
  };
  for (const auto& [args, message] : refused) {
    const auto r = run_cli(args, true);
    EXPECT_NE(r.exit_code, 0) << args;
    EXPECT_EQ(r.output, "error: " + message + "\n") << args;
  }
}

}  // namespace
}  // namespace nabla::cli
