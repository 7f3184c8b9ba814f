// `nabla metrics` end to end: runs the built tool on temporary CSV files and reads its output.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "temp_file.h"
#include "../common/test_paths.h"

namespace nabla::metrics {
namespace {

using nlohmann::json;
using test::TempFile;

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

CliRun run_cli(const std::string& arguments) {
  if (!std::filesystem::exists(nabla::test::cli())) {
    throw std::runtime_error(std::string("the nabla binary is not built at ") + nabla::test::cli() +
                             " (build the nabla_cli target)");
  }
  const std::string command = std::string(nabla::test::cli()) + " metrics " + arguments + " 2>&1";
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
  EXPECT_NE(run.output.find("average precision"), std::string::npos) << run.output;
}

// The default threshold fits the scores, and the output says which it took and why: 0 for signed scores
// (the lecture's, from -0.6 to 0.9), 0.5 for probabilities; a given one is "given".
TEST(MetricsCli, DefaultThresholdFitsTheScores) {
  const TempFile signed_scores("cli_signed.csv", kLecture);
  const CliRun table = run_cli("--input " + signed_scores.path());
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("positive iff score >= 0 (default for scores outside [0, 1]: signed scores)"),
            std::string::npos) << table.output;
  const json j = json::parse(run_cli("--input " + signed_scores.path() + " --json").output);
  EXPECT_EQ(j["threshold"], 0.0);
  EXPECT_EQ(j["threshold_rule"], "default for scores outside [0, 1]: signed scores");
  EXPECT_EQ(j["confusion_matrix"], json::parse("[[2, 2], [1, 1]]"));  // as at --threshold 0

  const TempFile probabilities("cli_probabilities.csv", "label,score\n0,0.2\n1,0.6\n1,0.4\n0,0.0\n1,1.0\n");
  const CliRun p = run_cli("--input " + probabilities.path());
  EXPECT_NE(p.output.find("positive iff score >= 0.5 (default for scores in [0, 1]: probabilities)"),
            std::string::npos) << p.output;
  const CliRun given = run_cli("--input " + probabilities.path() + " --threshold 0.3");
  EXPECT_NE(given.output.find("positive iff score >= 0.3 (given)"), std::string::npos) << given.output;
}

// --plot DIR: the page and its four charts, written whole; the table still goes to stdout.
TEST(MetricsCli, PlotWritesThePageAndItsCharts) {
  const TempFile csv("cli_plot.csv", kLecture);
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("nabla_metrics_plot_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const CliRun run = run_cli("--input " + csv.path() + " --plot " + dir.string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("wrote " + dir.string() + "/report.html"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("average precision"), std::string::npos) << run.output;
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    files.push_back(std::filesystem::relative(entry.path(), dir).string());
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{"plots", "plots/confusion_matrix.svg", "plots/pr_curves.svg",
                                             "plots/pr_curves_smoothed.svg", "plots/roc_curves.svg", "report.html"}))
      << "no temporaries are left";
  std::ifstream page(dir / "report.html");
  const std::string html((std::istreambuf_iterator<char>(page)), std::istreambuf_iterator<char>());
  EXPECT_NE(html.find("positive iff score &gt;= 0 (default for scores outside [0, 1]: signed scores)"),
            std::string::npos);
  EXPECT_NE(html.find("<figure id=\"plot-roc_curves\">"), std::string::npos);
  // With --json, stdout stays one JSON document.
  const std::string json_command = std::string(nabla::test::cli()) + " metrics --input " + csv.path() + " --plot " +
                                   dir.string() + " --json 2>/dev/null";
  FILE* pipe = ::popen(json_command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) out += buffer.data();
  EXPECT_EQ(::pclose(pipe), 0);
  EXPECT_TRUE(json::accept(out)) << out.substr(0, 200);
  std::filesystem::remove_all(dir);
}

TEST(MetricsCli, UnwritablePlotFolderIsOneLineNamingTheFlag) {
  const TempFile csv("cli_plot_bad.csv", kLecture);
  const TempFile file("cli_plot_file", "not a folder");  // a file where the folder would go
  const CliRun run = run_cli("--input " + csv.path() + " --plot " + file.path() + "/sub");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.output.rfind("error: --plot " + file.path() + "/sub: cannot create ", 0), 0u) << run.output;
  EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
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
