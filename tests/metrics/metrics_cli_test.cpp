// `nabla metrics` end to end: runs the built tool on temporary CSV files and reads its output.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "temp_file.h"

namespace nabla::metrics {
namespace {

using nlohmann::json;
using test::TempFile;

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

CliRun run_cli(const std::string& arguments) {
  if (!std::filesystem::exists(NABLA_CLI)) {
    throw std::runtime_error(std::string("the nabla binary is not built at ") + NABLA_CLI +
                             " (build the nabla_cli target)");
  }
  const std::string command = std::string(NABLA_CLI) + " metrics " + arguments + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed: " + command);
  CliRun run;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) {
    run.output += buffer.data();
  }
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// The lecture's six scores with -1/+1 labels.
const char* const kLecture = "label,score\n-1,0.9\n+1,0.5\n-1,0.1\n+1,-0.1\n-1,-0.4\n-1,-0.6\n";

TEST(MetricsCli, BinaryJsonAtThresholdZeroWithTargetRecall) {
  const TempFile csv("cli_binary.csv", kLecture);
  const CliRun run = run_cli("--input " + csv.path() + " --threshold 0 --target-recall 1 --json");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json out = json::parse(run.output);
  EXPECT_EQ(out["confusion_matrix"], json::parse("[[2, 2], [1, 1]]"));
  EXPECT_NEAR(out["precision"].get<double>(), 1.0 / 3.0, 1e-15);
  EXPECT_NEAR(out["recall"].get<double>(), 0.5, 1e-15);
  EXPECT_NEAR(out["iou"].get<double>(), 0.25, 1e-15);
  EXPECT_EQ(out["pr_curve"]["thresholds"].size(), 6u);
  EXPECT_EQ(out["pr_curve"]["precision"].size(), 7u);
  const json& point = out["operating_point"];
  EXPECT_EQ(point["target"], "recall");
  EXPECT_EQ(point["threshold"].get<double>(), -0.1);
  EXPECT_NEAR(point["precision"].get<double>(), 0.5, 1e-15);
  EXPECT_EQ(point["fn"], 0);
}

TEST(MetricsCli, MulticlassJsonHasPerClassArrays) {
  const TempFile csv("cli_multi.csv",
                     "label,score_0,score_1,score_2\n0,0.7,0.2,0.1\n1,0.1,0.8,0.1\n"
                     "2,0.2,0.5,0.3\n2,0.1,0.1,0.8\n1,0.6,0.3,0.1\n");
  const CliRun run = run_cli("--input " + csv.path() + " --target-precision 0.5 --json");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json out = json::parse(run.output);
  EXPECT_EQ(out["per_class"]["support"], json::parse("[1, 2, 2]"));
  EXPECT_EQ(out["per_class"]["average_precision"].size(), 3u);
  EXPECT_NEAR(out["micro"]["precision"].get<double>(), 3.0 / 5.0, 1e-15);
  EXPECT_EQ(out["mean_average_precision"], out["average_precision"]);
  EXPECT_EQ(out["operating_point"].size(), 3u);
  EXPECT_EQ(out["pr_curve"].size(), 3u);
}

TEST(MetricsCli, TableByDefault) {
  const TempFile csv("cli_table.csv", kLecture);
  const CliRun run = run_cli("--input " + csv.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("positive iff score >= 0.5"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("average precision"), std::string::npos) << run.output;
}

TEST(MetricsCli, BadCsvIsAnErrorNamingFileAndLine) {
  const TempFile csv("cli_bad.csv", "label,score\n1,0.5\n0\n");
  const CliRun run = run_cli("--input " + csv.path() + " --json");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.output, "error: " + csv.path() + ":3: expected 2 fields, got 1\n");
}

// 10,000 samples of 10 classes, as a Fashion-MNIST test set: the curves are thinned (18.8 MB of JSON
// before) while every metric is computed on all points; --full-curves keeps every point.
TEST(MetricsCli, LongCurvesAreThinnedUnlessFullCurvesIsAsked) {
  std::string text = "label";
  for (int k = 0; k < 10; ++k) text += ",score_" + std::to_string(k);
  text += "\n";
  unsigned state = 12345;
  const auto next = [&] { return (state = state * 1103515245u + 12345u) % 100000 / 100000.0; };
  for (int i = 0; i < 10000; ++i) {
    text += std::to_string(i % 10);
    for (int k = 0; k < 10; ++k) {
      text += ',';  // (not "," + to_string: GCC 12 warns falsely on that concatenation)
      text += std::to_string(next() + (k == i % 10 ? 0.3 : 0.0));
    }
    text += "\n";
  }
  const TempFile csv("cli_long_curves.csv", text);
  const CliRun thin = run_cli("--input " + csv.path() + " --json");
  const CliRun full = run_cli("--input " + csv.path() + " --json --full-curves");
  ASSERT_EQ(thin.exit_code, 0) << thin.output.substr(0, 500);
  ASSERT_EQ(full.exit_code, 0) << full.output.substr(0, 500);
  EXPECT_LT(thin.output.size(), 2'500'000u);
  const json a = json::parse(thin.output), b = json::parse(full.output);
  for (std::size_t k = 0; k < 10; ++k) {
    EXPECT_LE(a["pr_curve"][k]["precision"].size(), 1000u) << k;
    EXPECT_LE(a["roc_curve"][k]["fpr"].size(), 1000u) << k;
    EXPECT_GT(b["pr_curve"][k]["thresholds"].size(), 9000u) << k;
  }
  EXPECT_EQ(a["per_class"], b["per_class"]);
  EXPECT_EQ(a["mean_average_precision"], b["mean_average_precision"]);
}

}  // namespace
}  // namespace nabla::metrics
