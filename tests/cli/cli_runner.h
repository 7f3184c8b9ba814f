// Runs the built `nabla` binary through the shell and captures its output and exit code.
#pragma once
#include <cstdio>
#include <string>

#include <sys/wait.h>

#include "../common/test_paths.h"

namespace nabla::cli::testing {

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout, with stderr when merged
};

// Runs a shell command line to its end: its exit code and what it printed on stdout.
inline CliResult run_shell(const std::string& command) {
  CliResult r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// args are appended to the binary's path verbatim (quote them as the shell needs).
inline CliResult run_cli(const std::string& args, bool merge_stderr = false) {
  return run_shell(std::string(nabla::test::cli()) + " " + args + (merge_stderr ? " 2>&1" : " 2>/dev/null"));
}

}  // namespace nabla::cli::testing
