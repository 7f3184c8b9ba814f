// Ctrl-C and SIGTERM during train and search: the first one asks the run to stop after its batch and
// checkpoint; the command then ends with exit code 130 and the command that resumes it.
#pragma once
#include <atomic>
#include <stdexcept>
#include <string>

namespace nabla::cli {

// Installs the SIGINT and SIGTERM handlers and returns the flag they set (for TrainOptions::stop). The
// handlers fire once: a second signal, say while the checkpoint is being written, ends the process at
// once, which the atomic writes make safe (the previous checkpoint stays whole).
[[nodiscard]] const std::atomic<bool>* stop_on_signal();

// Thrown by a subcommand whose run was stopped; main prints "interrupted: resume with: <command>" and
// exits with 130.
struct Interrupted : std::runtime_error {
  // resume_args: the arguments that resume it (shell-quoted), or empty for "the same command again".
  explicit Interrupted(std::string resume_args) : std::runtime_error("interrupted"), args(std::move(resume_args)) {}
  std::string args;
};

}  // namespace nabla::cli
