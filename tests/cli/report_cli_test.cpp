// `nabla report DIR` regenerates the report of a run or eval folder, through the binary.
#include <gtest/gtest.h>

#include <filesystem>

#include <nabla/io/atomic_file.h>

#include "../common/train_fixtures.h"
#include "cli_runner.h"

namespace nabla::cli {
namespace {

using testing::run_cli;

TEST(ReportCli, RegeneratesTheReportOfRunAndEvalFolders) {
  const auto dir = train::testing::fresh_dir("cli_report");
  const auto csv = train::testing::write_blobs_csv(dir);
  const auto out = dir / "run";
  ASSERT_EQ(run_cli("train --data " + csv.string() + " --model 'linear(8)-relu-linear(3)' --epochs 2 --out " +
                    out.string()).exit_code, 0);
  ASSERT_TRUE(std::filesystem::exists(out / "report.html"));
  std::filesystem::remove(out / "report.html");
  std::filesystem::remove_all(out / "plots");
  const auto r = run_cli("report " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "written to " + (out / "report.html").string() + "\n");
  EXPECT_NE(io::read_file(out / "report.html").find("<section id=\"test\">"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(out / "plots" / "pr_curves.svg"));

  ASSERT_EQ(run_cli("eval " + out.string()).exit_code, 0);
  std::filesystem::remove(out / "eval" / "report.html");
  ASSERT_EQ(run_cli("report " + (out / "eval").string()).exit_code, 0);
  EXPECT_NE(io::read_file(out / "eval" / "report.html").find("Doctor (training run)"), std::string::npos);
}

TEST(ReportCli, FolderOfNeitherKindIsAnError) {
  const auto dir = train::testing::fresh_dir("cli_report_empty");
  const auto r = run_cli("report " + dir.string(), true);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output.rfind("error: " + dir.string() + " is not a run folder: it has no history.json or metrics.json", 0),
            0u)
      << r.output;
}

}  // namespace
}  // namespace nabla::cli
