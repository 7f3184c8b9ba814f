// `nabla train`'s progress through the binary: into a pipe one line per epoch and no carriage return; on
// a terminal (a pseudo-terminal from script(1)) 40 columns wide, no line wider.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>

#include "../common/train_fixtures.h"
#include "cli_runner.h"
#include "../common/test_paths.h"

namespace nabla::cli {
namespace {

std::string train_args(const std::string& name) {
  const auto dir = train::testing::fresh_dir(name);
  return "train --data " + train::testing::write_blobs_csv(dir).string() + " --model 'linear(3)' --epochs 3 " +
         "--batch-size 8 --out " + (dir / "run").string();
}

TEST(ProgressCli, IntoAPipeOneLinePerEpoch) {
  const auto r = testing::run_shell(std::string(nabla::test::cli()) + " " + train_args("cli_progress_pipe") + " 2>&1 >/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find('\r'), std::string::npos) << r.output;
  std::istringstream lines(r.output);
  int epoch_lines = 0;
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("epoch ", 0) == 0) {
      ++epoch_lines;
      EXPECT_NE(line.find("val loss"), std::string::npos) << line;
    }
  EXPECT_EQ(epoch_lines, 3) << r.output;
}

TEST(ProgressCli, OnANarrowTerminalNoLineIsWider) {
  // script runs the command on a pseudo-terminal; COLUMNS says how wide it is.
  const auto r = testing::run_shell("COLUMNS=40 script -qec \"" + std::string(nabla::test::cli()) + " " +
                                    train_args("cli_progress_tty") + "\" /dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_NE(r.output.find("\r\033[Kepoch 1/3"), std::string::npos) << r.output;  // the live bar
  std::string text = r.output;
  for (std::size_t at = text.find("\033[K"); at != std::string::npos; at = text.find("\033[K")) text.erase(at, 3);
  std::replace(text.begin(), text.end(), '\r', '\n');
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("epoch ", 0) == 0) {
      EXPECT_LE(line.size(), 40u) << line;
    }
}

}  // namespace
}  // namespace nabla::cli
