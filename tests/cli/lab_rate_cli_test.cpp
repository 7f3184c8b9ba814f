// `nabla lab rate` through the built binary: the printed numbers and the structure of both figures.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../plot/xml_check.h"
#include "cli_runner.h"

namespace nabla::cli {
namespace {

using plot::testing::count;
using plot::testing::xml_error;
using testing::run_cli;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(LabRateCli, GradientDescentCurveWithOptimumBoundAndMeasuredRuns) {
  const auto svg = std::filesystem::temp_directory_path() / "nabla_lab_rate_sgd.svg";
  std::filesystem::remove(svg);
  const auto r = run_cli("lab rate --lambdas 1,10 --svg " + svg.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // α* = 2/11, rate 9/11, bound 2/10.
  EXPECT_TRUE(has(r.output, "alpha* = 2/(l1 + ln) = 0.181818, rate (k - 1)/(k + 1) = 0.818182; diverges above "
                            "2/ln = 0.2")) << r.output;
  EXPECT_TRUE(has(r.output, "wrote " + svg.string()));
  const std::string s = read_text(svg);
  EXPECT_EQ(xml_error(s), "");
  EXPECT_TRUE(has(s, ">learning rate α</text>"));
  EXPECT_TRUE(has(s, "α* = 2/(λ₁ + λₙ) = 0.1818, rate (κ − 1)/(κ + 1) = 0.8182")) << "α* marked with its rate";
  EXPECT_TRUE(has(s, "2/λₙ = 0.2: diverges beyond"));
  EXPECT_EQ(count(s, "class=\"marker\""), 2u);
  // The curve, its two extreme lines, the rate-1 line and the measured runs: nine dots, one past the bound.
  EXPECT_EQ(count(s, "class=\"series\""), 5u);
  EXPECT_TRUE(has(s, ">measured: real SGD runs</text>"));
  const std::string dots = s.substr(s.find("stroke=\"#000000\" fill=\"#000000\""));
  EXPECT_EQ(count(dots.substr(0, dots.find("</g>")), "<circle"), 9u);
  std::filesystem::remove(svg);
}

TEST(LabRateCli, HeavyBallHeatMapWithItsOptimum) {
  const auto svg = std::filesystem::temp_directory_path() / "nabla_lab_rate_momentum.svg";
  std::filesystem::remove(svg);
  const auto r = run_cli("lab rate --lambdas 1,100 --optimizer momentum --svg " + svg.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // α* = (2/11)², β* = (9/11)², rate (√κ − 1)/(√κ + 1) = 9/11.
  EXPECT_TRUE(has(r.output, "alpha* = 0.0330579, beta* = 0.669421: rate (sqrt(k) - 1)/(sqrt(k) + 1) = 0.818182"))
      << r.output;
  EXPECT_TRUE(has(r.output, "spectral radius there 0.81818")) << r.output;
  const std::string s = read_text(svg);
  EXPECT_EQ(xml_error(s), "");
  EXPECT_TRUE(has(s, ">momentum β</text>"));
  EXPECT_TRUE(has(s, "α* = 0.03306, β* = 0.6694: rate (√κ − 1)/(√κ + 1) = 0.8182"));
  EXPECT_TRUE(has(s, "gradient descent at its α*, β = 0: rate 0.9802"));
  EXPECT_TRUE(has(s, "class=\"fill\"")) << "the heat map";
  EXPECT_TRUE(has(s, "fill=\"#d9d9d9\"")) << "grey where heavy ball diverges";
  EXPECT_TRUE(has(s, "data-level=\"1\"")) << "the edge of convergence";
  std::filesystem::remove(svg);
}

TEST(LabRateCli, RejectsBadInputNamingTheFlag) {
  const auto zero = run_cli("lab rate --lambdas 1,0", true);
  EXPECT_EQ(zero.exit_code, 1);
  EXPECT_EQ(zero.output, "error: --lambdas: every eigenvalue must be a finite number > 0, not 0\n");
  const auto adam = run_cli("lab rate --lambdas 1,10 --optimizer adam", true);
  EXPECT_NE(adam.exit_code, 0);
  EXPECT_TRUE(has(adam.output, "--optimizer")) << adam.output;
}

}  // namespace
}  // namespace nabla::cli
