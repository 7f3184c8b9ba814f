// `nabla train` and its run folder through the binary: a second writer (or resume) refused while a run is
// alive, Ctrl-C ending a run with a checkpoint, exit code 130 and the command that resumes it exactly,
// and a diverged run saved by resuming at a lower rate.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
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

// Starts `nabla ARGS` with its stdout and stderr in log; returns its pid.
pid_t start_in_background(const std::string& args, const std::filesystem::path& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string cmd = "exec " + std::string(nabla::test::cli()) + " " + args + " >" + log.string() + " 2>&1";
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

bool wait_for_file(const std::filesystem::path& path) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!std::filesystem::exists(path) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return std::filesystem::exists(path);
}

TEST(RunFolderCli, OneWriterAndCtrlCCheckpointsAndExits130) {
  const auto dir = train::testing::fresh_dir("cli_sigint");
  const auto csv = train::testing::write_blobs_csv(dir, 3, 3000, 16);
  const std::string common = "train --data " + csv.string() +
                             " --model 'linear(64)-relu-dropout(0.1)-linear(3)' --epochs 6 --batch-size 16"
                             " --threads 1 --optimizer adam --out ";
  ASSERT_EQ(run_cli(common + (dir / "full").string()).exit_code, 0);

  const std::string live = (dir / "live").string();
  const pid_t pid = start_in_background(common + live, dir / "live.log");
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(wait_for_file(std::filesystem::path(live) / "checkpoint.safetensors"));
  const std::string in_use = live + " is in use by nabla pid " + std::to_string(pid) + " (started ";
  for (const std::string& second : {common + live, "train --resume " + live}) {
    const auto refused = run_cli(second, true);
    EXPECT_EQ(refused.exit_code, 1) << second;
    EXPECT_NE(refused.output.find(in_use), std::string::npos) << refused.output;
  }

  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  ASSERT_EQ(WEXITSTATUS(status), 130) << "the run finished before the signal came; make it longer";
  const std::string log = io::read_file(dir / "live.log");
  EXPECT_NE(log.find("\ninterrupted: resume with: " + std::string(nabla::test::cli()) + " train --resume " + live + "\n"),
            std::string::npos)
      << log;
  const auto resumed = run_cli("train --resume " + live, true);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(io::read_file(dir / "full" / "model.safetensors"), io::read_file(std::filesystem::path(live) / "model.safetensors"));
}

TEST(RunFolderCli, DivergedRunResumesAtALowerRate) {
  const auto dir = train::testing::fresh_dir("cli_diverge_resume");
  const auto csv = train::testing::write_blobs_csv(dir);
  const std::string run = (dir / "run").string();
  ASSERT_EQ(run_cli("train --data " + csv.string() + " --model 'linear(8)-relu-linear(3)' --optimizer sgd "
                    "--schedule none --lr 0.1 --epochs 2 --out " + run)
                .exit_code,
            0);
  const auto diverged = run_cli("train --resume " + run + " --epochs 4 --lr 1e20", true);
  EXPECT_EQ(diverged.exit_code, 1);
  EXPECT_NE(diverged.output.find("training diverged"), std::string::npos) << diverged.output;
  EXPECT_NE(diverged.output.find("The last good checkpoint (after epoch 2) is in " + run +
                                 "; continue from it with: nabla train --resume " + run + " --lr 1e+19"),
            std::string::npos)
      << diverged.output;

  const auto saved = run_cli("train --resume " + run + " --epochs 4 --lr 0.05", true);
  ASSERT_EQ(saved.exit_code, 0) << saved.output;
  EXPECT_NE(saved.output.find("resuming " + run + " from its checkpoint after epoch 2; learning rate 0.1 -> 0.05"),
            std::string::npos)
      << saved.output;
  const auto config = nlohmann::json::parse(io::read_file(std::filesystem::path(run) / "config.json"));
  EXPECT_EQ(config["optimizer"]["lr"], 0.05);

  const auto other = run_cli("train --resume " + run + " --momentum 0.5", true);
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.output.find("only --epochs, --threads and --lr may change"), std::string::npos) << other.output;
}

}  // namespace
}  // namespace nabla::cli
