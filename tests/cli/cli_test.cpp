// The command line: help and version, errors as one `error:` line with exit code 1, the lecture's
// neuron, training and evaluation, and resume after a SIGKILL in the middle of an epoch.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include <nabla/io/atomic_file.h>

#include "../common/train_fixtures.h"
#include "cli_runner.h"
#include "../common/test_paths.h"

namespace nabla::cli {
namespace {

using testing::run_cli;

TEST(Cli, HelpAndVersion) {
  EXPECT_EQ(run_cli("--version").output, "nabla 0.1.0\n");
  const auto help = run_cli("--help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* sub : {"train", "eval", "metrics", "lab"}) EXPECT_NE(help.output.find(sub), std::string::npos) << sub;
}

TEST(Cli, LibraryErrorsAreOneLineAndExitCodeOne) {
  const auto r = run_cli("train --data /nonexistent.csv --epochs 1 --out /tmp/nabla_cli_never", true);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output.rfind("error: ", 0), 0u) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  const auto bad_model = run_cli("train --model 'conw(3)' --out /tmp/nabla_cli_never", true);
  EXPECT_EQ(bad_model.exit_code, 1);
  EXPECT_NE(bad_model.output.find("conw"), std::string::npos) << bad_model.output;
}

TEST(Cli, LectureNeuronAsJson) {
  const auto r = run_cli("lab neuron --weights -1,1 --input 2,1 --label 1 --lr 1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  EXPECT_NEAR(j["gradient"]["weights"][0].get<double>(), -1.462, 5e-4);
  EXPECT_NEAR(j["updated_weights"][0].get<double>(), 0.462, 5e-4);
  EXPECT_NEAR(j["forward"]["q"].get<double>(), -1, 1e-12);
  for (const char* key : {"forward", "local_gradients", "gradient", "updated_weights"})
    EXPECT_TRUE(j.contains(key)) << key;
  const auto example_one = run_cli("lab neuron --weights 2,-1,0.5 --input 1,3 --json");
  EXPECT_EQ(nlohmann::json::parse(example_one.output)["output"]["label"], -1);
}

TEST(Cli, TrainThenEvalOnCsv) {
  const auto dir = train::testing::fresh_dir("cli_train");
  const auto csv = train::testing::write_blobs_csv(dir);
  const std::string out = (dir / "run").string();
  const auto r = run_cli("train --data " + csv.string() + " --model 'linear(8)-relu-linear(3)' --epochs 3 --lr 0.05 --json --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  EXPECT_GT(j["test"]["accuracy"].get<double>(), 0.8);
  const auto e = run_cli("eval " + out + " --json");
  ASSERT_EQ(e.exit_code, 0) << e.output;
  // --json prints the very document that eval writes.
  const auto printed = nlohmann::json::parse(e.output);
  EXPECT_EQ(printed, nlohmann::json::parse(io::read_file(dir / "run" / "eval" / "metrics.json")));
  EXPECT_DOUBLE_EQ(printed["test"]["accuracy"].get<double>(), j["test"]["accuracy"].get<double>());
}

TEST(Cli, ConfigFileWithFlagsOverriding) {
  const auto dir = train::testing::fresh_dir("cli_config");
  const auto csv = train::testing::write_blobs_csv(dir);
  io::write_file_atomic(dir / "run.json", nlohmann::json{{"data", csv.string()}, {"epochs", 5},
                                                         {"model", "linear(3)"}}.dump());
  const auto r = run_cli("train --config " + (dir / "run.json").string() + " --epochs 2 --json --out " +
                         (dir / "run").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(nlohmann::json::parse(r.output)["epochs"], 2);
  io::write_file_atomic(dir / "bad.json", R"({"epochz": 3})");
  const auto bad = run_cli("train --config " + (dir / "bad.json").string(), true);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("epochz"), std::string::npos) << bad.output;
}

// Starts `nabla train` in the background, SIGKILLs it once its first checkpoint exists (in the middle
// of a later epoch), resumes, and compares the final weights with an uninterrupted run's.
TEST(Cli, ResumeAfterSigkillIsBitIdentical) {
  const auto dir = train::testing::fresh_dir("cli_sigkill");
  const auto csv = train::testing::write_blobs_csv(dir, 3, 3000, 16);
  const std::string common = "train --data " + csv.string() +
                             " --model 'linear(64)-relu-dropout(0.1)-linear(3)' --epochs 30 --batch-size 16"
                             " --threads 1 --optimizer adam --out ";
  ASSERT_EQ(run_cli(common + (dir / "full").string()).exit_code, 0);

  const std::string killed = (dir / "killed").string();
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string cmd = std::string(nabla::test::cli()) + " " + common + killed + " >/dev/null 2>&1";
    execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!std::filesystem::exists(std::filesystem::path(killed) / "checkpoint.safetensors") &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(10));  // into the next epoch (of 30)
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run finished before it could be killed; make it longer";
  const auto resumed = run_cli("train --resume " + killed);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(io::read_file(dir / "full" / "model.safetensors"), io::read_file(std::filesystem::path(killed) / "model.safetensors"));
}

}  // namespace
}  // namespace nabla::cli
