// `nabla doctor` and the doctor's findings at the end of `nabla train`, through the binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../common/train_fixtures.h"
#include "cli_runner.h"

namespace nabla::cli {
namespace {

using testing::run_cli;

TEST(DoctorCli, TrainPrintsFindingsAndDoctorReadsTheRunFolder) {
  const auto dir = train::testing::fresh_dir("cli_doctor");
  const auto csv = train::testing::write_blobs_csv(dir);
  const std::string out = (dir / "run").string();
  // Plain SGD at 1e-4 barely moves the loss.
  const auto r = run_cli("train --data " + csv.string() +
                         " --model 'linear(8)-relu-linear(3)' --optimizer sgd --lr 1e-4 --epochs 3 --json --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto trained = nlohmann::json::parse(r.output);
  ASSERT_TRUE(trained.contains("doctor"));
  EXPECT_EQ(trained["doctor"][0]["code"], "lr_too_small");

  const auto d = run_cli("doctor " + out + " --json");
  ASSERT_EQ(d.exit_code, 0) << d.output;
  const auto j = nlohmann::json::parse(d.output);
  EXPECT_EQ(j["findings"], trained["doctor"]);
  for (const char* key : {"code", "epoch", "evidence", "advice", "evidence_values"})
    EXPECT_TRUE(j["findings"][0].contains(key)) << key;

  const auto text = run_cli("doctor " + out);
  EXPECT_EQ(text.output.rfind("doctor: lr_too_small at epoch 3\n  evidence: training loss fell only", 0), 0u)
      << text.output;
  EXPECT_NE(text.output.find("increase the learning rate"), std::string::npos) << text.output;
}

TEST(DoctorCli, FolderWithoutHistoryIsAnError) {
  const auto r = run_cli("doctor /nonexistent_nabla_run", true);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("error: /nonexistent_nabla_run: no such folder"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace nabla::cli
