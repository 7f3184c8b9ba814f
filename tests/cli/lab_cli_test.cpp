// `nabla lab optimize | quadric | trajectory` through the built binary: JSON fields and the SVG file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace nabla::cli {
namespace {

using testing::run_cli;

TEST(LabCli, OptimizePrintsIteratesAndValues) {
  const auto r = run_cli("lab optimize --function quadric --lambdas 1,10 --x0 1,1 --optimizer momentum --lr 0.05 "
                         "--steps 12 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  ASSERT_EQ(j.at("iterates").size(), 13u);
  ASSERT_EQ(j.at("values").size(), 13u);
  EXPECT_EQ(j.at("iterates")[0], nlohmann::json::array({1.0, 1.0}));
  EXPECT_DOUBLE_EQ(j.at("values")[0].get<double>(), 5.5);  // ½(1·1 + 10·1)
  // First heavy-ball step from rest: w − α·λw.
  EXPECT_DOUBLE_EQ(j.at("iterates")[1][1].get<double>(), 1 - 0.05 * 10);
  EXPECT_LT(j.at("values")[12].get<double>(), 5.5);

  const auto lbfgs = run_cli("lab optimize --function rosenbrock --optimizer lbfgs --line-search strong_wolfe "
                             "--max-iter 50 --steps 1 --json");
  ASSERT_EQ(lbfgs.exit_code, 0) << lbfgs.output;
  EXPECT_EQ(nlohmann::json::parse(lbfgs.output).at("iterates").size(), 2u);  // x0 and one step(closure)
  const auto bad = run_cli("lab optimize --function beale --x0 1,2,3 --optimizer sgd", true);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.output.rfind("error: ", 0), 0u) << bad.output;
}

TEST(LabCli, QuadricReportsMeasuredBesideTheoreticalRate) {
  const auto r = run_cli("lab quadric --lambdas 1,100 --optimizer momentum --optimal --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_DOUBLE_EQ(j.at("condition_number").get<double>(), 100);
  EXPECT_DOUBLE_EQ(j.at("optimal").at("rate").get<double>(), 9.0 / 11);       // (√κ − 1)/(√κ + 1)
  EXPECT_DOUBLE_EQ(j.at("optimal").at("lr").get<double>(), 4.0 / 121);        // (2/(1 + 10))²
  EXPECT_DOUBLE_EQ(j.at("optimal").at("momentum").get<double>(), 81.0 / 121);  // ((10 − 1)/(10 + 1))²
  EXPECT_DOUBLE_EQ(j.at("lr").get<double>(), 4.0 / 121);
  EXPECT_NEAR(j.at("measured_rate").get<double>(), j.at("theoretical_rate").get<double>(), 0.01 * 9.0 / 11);
  EXPECT_TRUE(j.at("converges").get<bool>());

  const auto adam = run_cli("lab quadric --lambdas 1,10 --optimizer adam --lr 0.05 --steps 100 --json");
  ASSERT_EQ(adam.exit_code, 0) << adam.output;
  const nlohmann::json a = nlohmann::json::parse(adam.output);
  EXPECT_TRUE(a.at("theoretical_rate").is_null());
  EXPECT_TRUE(a.at("optimal").is_null());
}

TEST(LabCli, TrajectoryWritesTheContourPlot) {
  const std::filesystem::path svg = std::filesystem::temp_directory_path() / "nabla_lab_trajectory_test.svg";
  std::filesystem::remove(svg);
  const auto r = run_cli("lab trajectory --function quadric --lambdas 1,10 --x0 -1,1 --optimizers sgd,momentum,nesterov "
                         "--lr 0.05 --steps 30 --svg " + svg.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(svg);
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  EXPECT_NE(s.find("<svg"), std::string::npos) << s.substr(0, 80);
  for (const char* name : {"sgd", "momentum", "nesterov"}) EXPECT_NE(s.find(name), std::string::npos) << name;
  std::filesystem::remove(svg);
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(LabCli, TrajectoryTakesEachOptimizersOwnSettingsAndMarksDivergence) {
  const std::filesystem::path svg = std::filesystem::temp_directory_path() / "nabla_lab_trajectory_specs.svg";
  std::filesystem::remove(svg);
  const auto r = run_cli("lab trajectory --function rosenbrock --optimizers 'sgd:lr=1e-2,sgd:lr=1e-4,"
                         "momentum:lr=1e-4:momentum=0.9' --steps 200 --svg " + svg.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("sgd lr=1e-2"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("diverged at step"), std::string::npos) << "SGD at 1e-2 diverges on Rosenbrock";
  const std::string s = read_text(svg);
  EXPECT_NE(s.find("sgd lr=1e-4</text>"), std::string::npos) << "each label names its settings";
  EXPECT_NE(s.find("momentum lr=1e-4 momentum=0.9</text>"), std::string::npos);
  EXPECT_NE(s.find("sgd lr=1e-2 (diverged at step"), std::string::npos) << "the legend says which diverged";
  EXPECT_NE(s.find("class=\"diverged\""), std::string::npos) << "the diverged path ends in a cross";
  std::filesystem::remove(svg);
}

// The saddles have no minimum: escaping them without bound is their lesson, so they are left out.
TEST(LabCli, TrajectoryDefaultsDoNotDiverge) {
  for (const char* function : {"rosenbrock", "beale", "quadric", "plateau"}) {
    const std::filesystem::path svg = std::filesystem::temp_directory_path() / "nabla_lab_trajectory_default.svg";
    const auto r = run_cli(std::string("lab trajectory --function ") + function + " --svg " + svg.string());
    ASSERT_EQ(r.exit_code, 0) << function << ": " << r.output;
    EXPECT_EQ(r.output.find("diverged"), std::string::npos) << function << ": " << r.output;
    EXPECT_NE(read_text(svg).find("<svg"), std::string::npos) << function;
    std::filesystem::remove(svg);
  }
}

TEST(LabCli, TrajectoryRejectsBadOptimizerItemsNamingThem) {
  const struct {
    const char* items;
    const char* expected;
  } cases[] = {{"sgd:lr", "sgd:lr: \"lr\" is not key=value"},
               {"sgd:lr=-1", "sgd:lr=-1: lr: must be"},
               {"adam:momentum=0.9", "adam has no momentum"},
               {"sgd:bogus=1", "unknown key bogus"},
               {"nope", "--optimizers: nope: "}};
  for (const auto& c : cases) {
    const auto r = run_cli(std::string("lab trajectory --function beale --svg unused.svg --optimizers '") + c.items +
                           "'", true);
    EXPECT_EQ(r.exit_code, 1) << c.items;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << c.items << ": " << r.output;
  }
}

}  // namespace
}  // namespace nabla::cli
