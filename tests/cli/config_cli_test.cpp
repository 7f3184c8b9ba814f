// Flags and config files checked before anything trains: one error line naming the flag (or the file
// and key) and the allowed range, "did you mean" for unknown flags and keys, defaults in --help, and a
// config.json that shows the effective values, only those in use, and reads back.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include <nabla/io/atomic_file.h>

#include "../common/train_fixtures.h"
#include "cli_runner.h"

namespace nabla::cli {
namespace {

using nlohmann::json;
using testing::run_cli;

struct Blobs {
  std::filesystem::path dir;
  std::string common;  // a quick training run on the blobs CSV, writing into dir/never
};

Blobs blobs(const std::string& name) {
  Blobs b{.dir = train::testing::fresh_dir(name), .common = ""};
  const auto csv = train::testing::write_blobs_csv(b.dir);
  b.common = "train --data " + csv.string() + " --model 'linear(3)' --out " + (b.dir / "never").string();
  return b;
}

// Runs `args`, expecting a failure with exactly `message` as its one line and nothing written.
void expect_refused(const Blobs& b, const std::string& args, const std::string& message) {
  const auto r = run_cli(args, true);
  EXPECT_NE(r.exit_code, 0) << args;
  EXPECT_EQ(r.output, "error: " + message + "\n") << args;
  EXPECT_FALSE(std::filesystem::exists(b.dir / "never")) << args << " trained";
}

TEST(ConfigCli, BadFlagsNameTheFlagAndTheRange) {
  const Blobs b = blobs("cli_bad_flags");
  const std::pair<std::string, std::string> cases[] = {
      {"--lr 0", "--lr: must be a finite number > 0, not 0"},
      {"--lr -1", "--lr: must be a finite number > 0, not -1"},
      {"--lr inf", "--lr: must be a finite number > 0, not inf"},
      {"--lr 1e999", "--lr: must be a finite number > 0, not inf"},
      {"--lr fast", "--lr: must be a finite number > 0, not \"fast\""},
      {"--optimizer sgd --momentum 1.5", "--momentum: must be a number in [0, 1), not 1.5"},
      {"--epochs 0", "--epochs: must be a whole number in [1, 1000000], not 0"},
      {"--epochs 2.5", "--epochs: must be a whole number in [1, 1000000], not 2.5"},
      {"--val-fraction 1.5", "--val-fraction: must be a number in (0, 1), not 1.5"},
      {"--val-fraction 0", "--val-fraction: must be a number in (0, 1), not 0"},
      {"--seed -1", "--seed: must be a whole number in [0, 18446744073709551615], not -1"},
      {"--threads 1e10", "--threads: must be a whole number in [0, 1024], not 10000000000"},
      {"--batch-size 0", "--batch-size: must be a whole number in [1, 1048576], not 0"},
      {"--betas 0.9,1", "--betas: must be a number in [0, 1), not 1"},
      {"--optimizer adma", "--optimizer: must be one of sgd, momentum, nesterov, adagrad, rmsprop, adam, amsgrad, "
                           "adamw, lbfgs, newton, not \"adma\" (did you mean adam?)"},
      // Flags that the chosen optimizer or schedule ignores are errors, not silence.
      {"--momentum 0.9", "--momentum: adam has no momentum; its options are lr, beta1, beta2, eps, weight_decay, amsgrad"},
      {"--optimizer sgd --eps 1e-6", "--eps: sgd has no eps; its options are lr, momentum, dampening, nesterov, "
                                     "weight_decay"},
      {"--gamma 0.5", "--gamma: schedule cosine has no gamma; its options are t_max, eta_min"},
  };
  for (const auto& [flags, message] : cases) expect_refused(b, b.common + " " + flags, message);
}

TEST(ConfigCli, BadConfigFilesNameTheFileAndTheKey) {
  const Blobs b = blobs("cli_bad_files");
  const std::pair<std::string, std::string> cases[] = {
      {R"({"batch_size": 3.7})", "batch_size: must be a whole number in [1, 1048576], not 3.7"},
      {R"({"seed": -1})", "seed: must be a whole number in [0, 18446744073709551615], not -1"},
      {R"({"threads": 1e10})", "threads: must be a whole number in [0, 1024], not 10000000000"},
      {R"({"epochs": 1e999})", "epochs: the number 1e999 is out of range (a number's magnitude must stay below 1.8e308)"},
      {R"({"epochs": "3"})", "epochs: must be a whole number in [1, 1000000], not \"3\""},
      {R"({"optimizer": {"name": "adam", "momentum": 0.9}})",
       "optimizer.momentum: adam has no momentum; its options are lr, beta1, beta2, eps, weight_decay, amsgrad"},
      {R"({"epochz": 3})", "epochz: unknown key (did you mean epochs?)"},
      {R"({"lr": 0.1})", "lr: unknown key (did you mean optimizer.lr?)"},
  };
  const std::string file = (b.dir / "run.json").string();
  for (const auto& [text, message] : cases) {
    io::write_file_atomic(file, text);
    expect_refused(b, b.common + " --config " + file, file + ": " + message);
  }
}

TEST(ConfigCli, SearchAndLrFindCheckTheirOwnFlags) {
  const Blobs b = blobs("cli_other_flags");
  const std::string csv = (b.dir / "blobs.csv").string(), out = (b.dir / "never").string();
  io::write_file_atomic(b.dir / "space.json", R"({"lr": [0.1, 0.01]})");
  const std::string search = "search --data " + csv + " --space " + (b.dir / "space.json").string() + " --out " + out;
  expect_refused(b, search + " --trials 1000000000000", "--trials: Value 1000000000000 not in range 0 to 10000");
  expect_refused(b, search + " --epochs 0", "--epochs: must be a whole number in [1, 1000000], not 0");
  const std::string lr_find = "lr-find --data " + csv + " --out " + out;
  expect_refused(b, lr_find + " --steps 0", "--steps: Value 0 not in range 2 to 100000");
  expect_refused(b, lr_find + " --power-iterations 1000000000000",
                 "--power-iterations: Value 1000000000000 not in range 1 to 10000");
  expect_refused(b, lr_find + " --lr 0.1",
                 "--lr: lr-find does not use it: it trains no run; it sweeps the learning rate from --start-lr to "
                 "--end-lr over --steps minibatches");
  expect_refused(b, lr_find + " --sync-bn",
                 "--sync-bn: lr-find does not use it: it trains no run; it sweeps the learning rate from --start-lr "
                 "to --end-lr over --steps minibatches");
  expect_refused(b, lr_find + " --optimizer sgd --momentum 2", "--momentum: must be a number in [0, 1), not 2");
}

TEST(ConfigCli, UnknownCommandsSuggestTheNearestOne) {
  const auto typo = run_cli("trian --epochs 1", true);
  EXPECT_NE(typo.exit_code, 0);
  EXPECT_NE(typo.output.find("error: unknown command \"trian\" (did you mean train?); the commands are train, eval"),
            std::string::npos)
      << typo.output;
  EXPECT_EQ(std::count(typo.output.begin(), typo.output.end(), '\n'), 1) << typo.output;
}

TEST(ConfigCli, UnknownFlagsSuggestTheNearestOne) {
  const Blobs b = blobs("cli_unknown_flags");
  const auto train = run_cli(b.common + " --lrr 0.1", true);
  EXPECT_NE(train.exit_code, 0);
  EXPECT_NE(train.output.find("--lrr: did you mean --lr?"), std::string::npos) << train.output;
  EXPECT_EQ(std::count(train.output.begin(), train.output.end(), '\n'), 1) << train.output;
  EXPECT_FALSE(std::filesystem::exists(b.dir / "never"));
  const std::pair<std::string, std::string> others[] = {
      {"eval x --full-curve", "--full-curve: did you mean --full-curves?"},
      {"search --space s.json --out o --trails 3", "--trails: did you mean --trials?"},
      {"lr-find --sampels 10", "--sampels: did you mean --samples?"},
      {"lab neuron --weigths 1,2", "--weigths: did you mean --weights?"},
      {"metrics --input x.csv --treshold 0.5", "--treshold: did you mean --threshold?"},
      {"doctor --jsn dir", "--jsn: did you mean --json?"},
  };
  for (const auto& [args, hint] : others) {
    const auto r = run_cli(args, true);
    EXPECT_NE(r.exit_code, 0) << args;
    EXPECT_NE(r.output.find(hint), std::string::npos) << args << ": " << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  }
}

TEST(ConfigCli, HelpShowsDefaultsAndTheCosineSchedule) {
  const auto train = run_cli("train --help");
  ASSERT_EQ(train.exit_code, 0);
  for (const char* part : {"--epochs NUMBER=8", "--batch-size NUMBER=64", "--schedule TEXT=cosine",
                           "anneals the learning rate to 0", "adam 0.001", "--optimizer TEXT=adam",
                           "--val-fraction NUMBER=0.1", "--gamma NUMBER=0.1", "--betas NUMBER,NUMBER=0.9,0.999"})
    EXPECT_NE(train.output.find(part), std::string::npos) << part << "\n" << train.output;
  const auto search = run_cli("search --help");
  EXPECT_NE(search.output.find("--epochs NUMBER=8"), std::string::npos) << search.output;
  EXPECT_NE(search.output.find("cosine"), std::string::npos) << search.output;
  // lr-find lists only the flags it uses: no epochs, schedule or learning rate of a run.
  const auto lr_find = run_cli("lr-find --help");
  for (const char* used : {"--batch-size NUMBER=64", "--optimizer TEXT=adam", "--steps", "--out"})
    EXPECT_NE(lr_find.output.find(used), std::string::npos) << used << "\n" << lr_find.output;
  for (const char* unused : {"--epochs", "--schedule", "--lr ", "--step-size", "--gamma", "--early-stopping",
                             "--accumulate", "--sync-bn", "--limit-test"})
    EXPECT_EQ(lr_find.output.find(unused), std::string::npos) << unused << "\n" << lr_find.output;
}

TEST(ConfigCli, ConfigJsonShowsEffectiveValuesInUseAndReadsBack) {
  const Blobs b = blobs("cli_effective");
  const std::string csv = (b.dir / "blobs.csv").string();
  const std::string run = (b.dir / "run").string();
  ASSERT_EQ(run_cli("train --data " + csv + " --model 'linear(3)' --epochs 2 --out " + run).exit_code, 0);
  const std::string text = io::read_file(b.dir / "run" / "config.json");
  EXPECT_EQ(text.find("-1"), std::string::npos) << text;
  const json config = json::parse(text);
  EXPECT_EQ(config["optimizer"], (json{{"name", "adam"}, {"lr", 0.001}, {"beta1", 0.9}, {"beta2", 0.999},
                                       {"eps", 1e-8}, {"weight_decay", 0.0}, {"amsgrad", false}}));
  EXPECT_EQ(config["schedule"], (json{{"name", "cosine"}, {"t_max", 2}, {"eta_min", 0.0}}));
  const std::string report = io::read_file(b.dir / "run" / "report.html");
  EXPECT_EQ(report.find("<td>-1"), std::string::npos);
  EXPECT_NE(report.find("<th>optimizer.lr</th><td>0.001</td>"), std::string::npos);
  // Read back: as a config file for a new run, and by --resume for more epochs.
  const auto again = run_cli("train --config " + run + "/config.json --out " + (b.dir / "again").string());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(io::read_file(b.dir / "again" / "model.safetensors"), io::read_file(b.dir / "run" / "model.safetensors"));
  const auto resumed = run_cli("train --resume " + run + " --epochs 3 --json", true);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
}

}  // namespace
}  // namespace nabla::cli
