// Running `mpirun … nabla …` jobs from a test: to completion with their output, or in the background to
// find, kill or stop one rank's process and time how fast the whole job ends.
#pragma once
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "../cli/cli_runner.h"
#include "../common/test_paths.h"

namespace nabla::cli::testing {

// Every job's environment: a stuck collective gives up after 30 s (unless a test says otherwise), and
// Open MPI's own allocations left to the exit are no leak of ours.
inline const std::string kJobEnvironment = "NABLA_DIST_TIMEOUT=${NABLA_DIST_TIMEOUT:-30} ASAN_OPTIONS=detect_leaks=0 ";

// "mpirun --allow-run-as-root --oversubscribe -np N <nabla> ".
inline std::string mpirun(int processes) {
  return std::string(NABLA_MPIRUN) + " -np " + std::to_string(processes) + " " + nabla::test::cli() + " ";
}

struct JobResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
  double seconds = 0;
};

// Runs a shell command line to its end.
inline JobResult run_job(const std::string& command) {
  const auto start = std::chrono::steady_clock::now();
  const CliResult r = run_shell(kJobEnvironment + command + " 2>&1");
  return {.exit_code = r.exit_code,
          .output = r.output,
          .seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

inline std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// A job started in the background (its shell execs the command, so pid is mpirun's), output to a file.
class BackgroundJob {
 public:
  BackgroundJob(const std::string& command, const std::filesystem::path& log) : log_(log) {
    pid_ = fork();
    if (pid_ == 0) {
      const std::string line = kJobEnvironment + "exec " + command + " > '" + log.string() + "' 2>&1";
      execl("/bin/sh", "sh", "-c", line.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~BackgroundJob() {
    if (pid_ > 0 && !finished_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;

  // The pid of the job's process of this rank (a child of mpirun with OMPI_COMM_WORLD_RANK=rank).
  [[nodiscard]] std::optional<pid_t> rank_pid(int rank) const {
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
      const std::string name = entry.path().filename();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      if (parent_of(entry.path()) != pid_) continue;
      std::ifstream in(entry.path() / "environ");
      std::string var;
      while (std::getline(in, var, '\0'))
        if (var == "OMPI_COMM_WORLD_RANK=" + std::to_string(rank)) return static_cast<pid_t>(std::stoi(name));
    }
    return std::nullopt;
  }

  // Waits up to `limit` for the job to end; its exit code, or nothing when it is still running.
  [[nodiscard]] std::optional<int> wait_for(std::chrono::duration<double> limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        finished_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::nullopt;
  }

  [[nodiscard]] std::string output() const {
    std::ifstream in(log_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  static pid_t parent_of(const std::filesystem::path& proc) {
    std::ifstream in(proc / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t close = stat.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos) return -1;
    std::istringstream rest(stat.substr(close + 2));
    char state = 0;
    pid_t parent = -1;
    rest >> state >> parent;
    return parent;
  }

  std::filesystem::path log_;
  pid_t pid_ = -1;
  bool finished_ = false;
};

}  // namespace nabla::cli::testing
