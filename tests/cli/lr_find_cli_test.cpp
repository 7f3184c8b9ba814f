// `nabla lr-find` through the binary: both files written, the JSON's suggestions, and the text summary.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include <nabla/io/atomic_file.h>

#include "../common/train_fixtures.h"
#include "cli_runner.h"
#include "../common/test_paths.h"

namespace nabla::cli {
namespace {

using testing::run_cli;

TEST(LrFindCli, WritesJsonAndSvg) {
  const auto dir = train::testing::fresh_dir("cli_lr_find");
  const auto csv = train::testing::write_blobs_csv(dir);
  const std::string out = (dir / "lr").string();
  const std::string args = "lr-find --data " + csv.string() + " --model 'linear(8)-relu-linear(3)' --optimizer sgd " +
                           "--batch-size 32 --samples 256 --steps 100 --out " + out;
  const auto r = run_cli(args + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j, nlohmann::json::parse(io::read_file(dir / "lr" / "lr_find.json")));
  const double lambda = j["hessian"]["lambda_max"].get<double>();
  EXPECT_GT(lambda, 0);
  EXPECT_DOUBLE_EQ(j["hessian"]["stability_bound"].get<double>(), 2 / lambda);
  EXPECT_LT(j["hessian"]["suggested_lr"].get<double>(), 2 / lambda);
  EXPECT_EQ(j["hessian"]["samples"], 256);
  EXPECT_GT(j["sweep"]["suggested_lr"].get<double>(), 0);
  EXPECT_EQ(j["sweep"]["lr"].size(), j["sweep"]["loss"].size());
  EXPECT_LE(j["sweep"]["lr"].size(), 100u);
  const std::string svg = io::read_file(dir / "lr" / "lr_find.svg");
  EXPECT_NE(svg.find("<svg"), std::string::npos) << svg.substr(0, 80);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find("stability bound"), std::string::npos);

  const auto text = run_cli(args);
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("gradient descent is stable below lr 2/lambda_max"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("suggested lr"), std::string::npos) << text.output;
}

TEST(LrFindCli, WritesIntoANamedFolderByDefault) {
  const auto dir = train::testing::fresh_dir("cli_lr_find_default");
  const auto csv = train::testing::write_blobs_csv(dir);
  const auto r = testing::run_shell("cd " + dir.string() + " && " + nabla::test::cli() + " lr-find --data " + csv.string() +
                                    " --model 'linear(3)' --samples 64 --steps 20");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // runs/lr-find-<model>-<UTC time>, named as train names its runs ("custom" for a spec), and printed.
  std::filesystem::path folder;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "runs")) folder = entry.path();
  EXPECT_EQ(folder.filename().string().rfind("lr-find-custom-20", 0), 0u) << folder;
  EXPECT_TRUE(std::filesystem::exists(folder / "lr_find.json"));
  EXPECT_TRUE(std::filesystem::exists(folder / "lr_find.svg"));
  const std::string written = "written to runs/" + folder.filename().string() + "/lr_find.json and runs/" +
                              folder.filename().string() + "/lr_find.svg\n";
  EXPECT_NE(r.output.find(written), std::string::npos) << r.output;
}

}  // namespace
}  // namespace nabla::cli
