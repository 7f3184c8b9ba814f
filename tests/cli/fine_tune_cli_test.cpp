// Fine-tuning through `nabla train`: --classes, --limit-per-class, --init-from a run folder with
// --reset-head, --freeze; what config.json, the checkpoint, the summary and the report record; and the
// errors of each flag.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <nabla/train/safetensors.h>

#include "../common/train_fixtures.h"
#include "cli_runner.h"

namespace nabla::cli {
namespace {

using nlohmann::json;
using testing::run_cli;

class FineTuneCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = train::testing::fresh_dir("cli_fine_tune");
    data_ = train::testing::write_blobs_csv(dir_, 4, 200).string();  // 4 classes, 4 features
  }
  // `nabla train` on the blobs with a small MLP: 0.weight [8, 4], 0.bias [8], 2.weight [classes, 8], 2.bias.
  testing::CliResult train(const std::string& out, const std::string& flags, int classes = 2) const {
    return run_cli("train --data " + data_ + " --model 'linear(8)-relu-linear(" + std::to_string(classes) +
                       ")' --threads 1 --epochs 2 --out " + (dir_ / out).string() + " " + flags,
                   true);
  }
  std::filesystem::path dir_;
  std::string data_;
};

json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  return json::parse(in);
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<double> values(const std::filesystem::path& file, const std::string& name) {
  return train::load_safetensors(file).at(name).to_vector<double>();
}

TEST_F(FineTuneCli, FrozenLayersKeepThePretrainedWeightsAndTheHeadIsNew) {
  const auto pre = train("pre", "--classes 0,1");
  ASSERT_EQ(pre.exit_code, 0) << pre.output;
  const auto ft = train("ft", "--classes 2,3,1 --limit-per-class 20 --init-from " + (dir_ / "pre").string() +
                                  " --reset-head --freeze 0. --batch-size 10 --schedule onecycle");
  ASSERT_EQ(ft.exit_code, 0) << ft.output;
  EXPECT_NE(ft.output.find("model: 3 layers, 67 parameters (trainable 27, frozen 40), "), std::string::npos)
      << ft.output;

  const auto pre_model = dir_ / "pre" / "model.safetensors", ft_model = dir_ / "ft" / "model.safetensors";
  EXPECT_EQ(values(ft_model, "0.weight"), values(pre_model, "0.weight"));  // frozen: bit for bit
  EXPECT_EQ(values(ft_model, "0.bias"), values(pre_model, "0.bias"));
  EXPECT_EQ(train::load_safetensors(ft_model).at("2.weight").shape(), (Shape{3, 8}));  // resized for 3 classes
  // The optimizer holds state for the two trainable tensors only.
  const train::TensorMap checkpoint = train::load_safetensors(dir_ / "ft" / "checkpoint.safetensors");
  EXPECT_EQ(std::count_if(checkpoint.begin(), checkpoint.end(),
                          [](const auto& e) { return e.first.starts_with("optimizer.") && e.first.ends_with("exp_avg_sq"); }),
            2);

  const json config = read_json(dir_ / "ft" / "config.json");
  EXPECT_EQ(config.at("classes"), "2,3,1");
  EXPECT_EQ(config.at("limit_per_class"), 20);
  EXPECT_EQ(config.at("freeze"), "0.");
  EXPECT_EQ(config.at("reset_head"), true);
  // 20 samples of each of 3 classes in batches of 10: 6 steps per epoch.
  EXPECT_EQ(config.at("schedule").at("total_steps"), 2 * 6);
  EXPECT_EQ(read_json(dir_ / "ft" / "data.json").at("class_names"), json({"2", "3", "1"}));
  const json test = read_json(dir_ / "ft" / "metrics.json").at("test");
  EXPECT_EQ(test.at("report").at("confusion_matrix").size(), 3u);  // the test set holds the 3 classes

  // Resuming keeps the frozen layer frozen.
  const auto resumed = run_cli("train --resume " + (dir_ / "ft").string() + " --epochs 3", true);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(values(ft_model, "0.weight"), values(pre_model, "0.weight"));
  EXPECT_NE(values(ft_model, "2.bias"), std::vector<double>(3, 0.0));  // the head did learn

  const auto summary = run_cli("summary " + (dir_ / "ft").string(), true);
  ASSERT_EQ(summary.exit_code, 0) << summary.output;
  EXPECT_NE(summary.output.find("0  Linear(4, 8)  [8]         40     72  frozen\n"), std::string::npos) << summary.output;
  EXPECT_NE(summary.output.find("total parameters: 67 (trainable 27, frozen 40)\n"), std::string::npos);
  // Linear(4, 8): 8 × (2·4 + 1); Linear(8, 3): 3 × (2·8 + 1).
  EXPECT_NE(summary.output.find("FLOPs per sample: 123 "), std::string::npos) << summary.output;
  const std::string report = read_text(dir_ / "ft" / "report.html");
  EXPECT_NE(report.find("67 parameters: 27 trainable, 40 frozen."), std::string::npos);
}

TEST_F(FineTuneCli, WithoutResetHeadTheHeadMustFit) {
  ASSERT_EQ(train("pre", "--classes 0,1").exit_code, 0);
  const auto r = train("ft", "--classes 1,2,3 --init-from " + (dir_ / "pre").string(), 3);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  for (const char* part : {"\"2.weight\" is [2, 8] in the file but [3, 8] in the model",
                           "\"2.bias\" is [2] in the file but [3] in the model"})
    EXPECT_NE(r.output.find(part), std::string::npos) << part << "\n" << r.output;
}

TEST_F(FineTuneCli, InitFromARunFolderTakesItsModelUnlessOneIsGiven) {
  ASSERT_EQ(train("pre", "--classes 0,1").exit_code, 0);
  const std::string pre = (dir_ / "pre").string();
  const auto taken = run_cli("train --data " + data_ + " --classes 0,1 --threads 1 --epochs 1 --init-from " + pre +
                                 " --out " + (dir_ / "taken").string(),
                             true);
  ASSERT_EQ(taken.exit_code, 0) << taken.output;
  EXPECT_EQ(read_json(dir_ / "taken" / "config.json").at("model"), "linear(8)-relu-linear(2)");
  EXPECT_EQ(values(dir_ / "taken" / "model.safetensors", "0.weight").size(), 32u);

  // A model given on the command line wins, and here does not fit the weights.
  const auto given = run_cli("train --data " + data_ + " --classes 0,1 --threads 1 --epochs 1 --model 'linear(5)-relu-"
                                 "linear(2)' --init-from " + pre + " --out " + (dir_ / "given").string(),
                             true);
  EXPECT_EQ(given.exit_code, 1);
  EXPECT_NE(given.output.find("\"0.weight\" is [8, 4] in the file but [5, 4] in the model"), std::string::npos)
      << given.output;

  // A run folder whose config.json is broken is named.
  std::filesystem::create_directories(dir_ / "broken");
  std::ofstream(dir_ / "broken" / "config.json") << "{\"model\": ";
  const auto broken = run_cli("train --data " + data_ + " --init-from " + (dir_ / "broken").string() + " --out " +
                                  (dir_ / "b").string(),
                              true);
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.output.find("init_from: " + (dir_ / "broken" / "config.json").string() + " is not a JSON object"),
            std::string::npos)
      << broken.output;
}

TEST_F(FineTuneCli, ErrorsNameTheFlagAndWhatIsAllowed) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--freeze 9.", "error: freeze: prefix \"9.\" matches no parameter; the parameters are 0.weight, 0.bias, "
                      "2.weight, 2.bias\n"},
      {"--freeze 0.,,2.", "error: --freeze: must be a comma-separated list of parameter name prefixes such as 0.,3., "
                          "not \"0.,,2.\" (an item is empty)\n"},
      {"--classes 0,7", "error: classes: class 7 is out of range: the data has 4 classes, 0 to 3\n"},
      {"--classes 1,1", "error: --classes: lists class 1 twice: \"1,1\"\n"},
      {"--classes 2", "error: --classes: must list at least two classes (training needs two), not \"2\"\n"},
      {"--limit-per-class 0", "error: --limit-per-class: must be a whole number in [1, 9223372036854775807], not 0\n"},
      {"--limit-per-class -5", "error: --limit-per-class: must be a whole number in [1, 9223372036854775807], not -5\n"},
      {"--limit-per-class 500", "error: limit_per_class: class 0 has 144 training samples, fewer than 500; choose at "
                                "most 144\n"},
      {"--reset-head", "error: --reset-head: needs init_from (--init-from): it re-initialises the last layer of given "
                       "weights\n"},
  };
  for (const auto& [flags, expected] : cases) {
    const auto r = train("bad", flags, 4);
    EXPECT_EQ(r.exit_code, 1) << flags;
    EXPECT_EQ(r.output, expected) << flags;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "bad")) << flags;
  }
  // A config file's misspelt key gets the field's name.
  std::ofstream(dir_ / "run.json") << R"({"freez": "0."})";
  const auto typo = train("bad", "--config " + (dir_ / "run.json").string());
  EXPECT_EQ(typo.output, "error: " + (dir_ / "run.json").string() + ": freez: unknown key (did you mean freeze?)\n");
}

}  // namespace
}  // namespace nabla::cli
