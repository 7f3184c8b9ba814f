// `nabla predict RUN INPUT…` and `nabla summary RUN`: a trained run applied to CSV rows and PNG folders
// (text and --json, --top-k, --batch-size), the flags' and inputs' errors, and the model's table.
#include <gtest/gtest.h>
#include <png.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/data/csv_reader.h>
#include <nabla/data/normalization.h>
#include <nabla/data/prediction_inputs.h>
#include <nabla/predictor.h>
#include <nabla/train/run_model.h>
#include <nabla/train/safetensors.h>

#include "../common/train_fixtures.h"
#include "../data/png_writer.h"
#include "cli_runner.h"

namespace nabla::cli {
namespace {

using testing::run_cli;

// A run trained on 3 blobs of 4 features, standardised: dir/run, its data dir/blobs.csv.
std::filesystem::path trained_run(const std::filesystem::path& dir) {
  const auto csv = train::testing::write_blobs_csv(dir, 3, 40, 4, 0.6, 5);
  EXPECT_EQ(run_cli("train --data " + csv.string() + " --model 'linear(8)-relu-linear(3)' --normalize true "
                    "--epochs 10 --lr 0.05 --out " + (dir / "run").string()).exit_code, 0);
  return dir / "run";
}

// The --json probabilities are the softmax of nabla's logits on the standardised rows, and each
// "class" and "label" is the most probable one.
TEST(PredictCli, CsvRowsAsJson) {
  const auto dir = train::testing::fresh_dir("cli_predict_csv");
  const auto run_dir = trained_run(dir);
  const auto r = run_cli("predict " + run_dir.string() + " " + (dir / "blobs.csv").string() + " --json --batch-size 7");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto predictions = nlohmann::json::parse(r.output).at("predictions");
  ASSERT_EQ(predictions.size(), 120u);
  EXPECT_EQ(predictions[0].at("input"), (dir / "blobs.csv").string() + ":2");
  // One prediction per line, its keys in the documented order.
  EXPECT_TRUE(r.output.starts_with("{\"predictions\": [\n  {\"input\":\"" + (dir / "blobs.csv").string() +
                                   ":2\",\"class\":")) << r.output.substr(0, 200);
  EXPECT_FALSE(predictions[0].contains("top")) << "only with --top-k above 1";

  data::LabeledData rows = data::load_csv(dir / "blobs.csv");
  const train::RunModel run = train::load_run_model(run_dir);
  data::apply_normalization(rows, run.normalization);
  NoGradGuard no_grad;
  const std::vector<float> expected =
      softmax((*run.model)(Tensor::from_vector(rows.features, {120, 4})), -1).to_vector<float>();
  int64_t correct = 0;
  for (std::size_t i = 0; i < predictions.size(); ++i) {
    const auto p = predictions[i].at("probabilities").get<std::vector<float>>();
    ASSERT_EQ(p.size(), 3u);
    for (std::size_t c = 0; c < 3; ++c) EXPECT_NEAR(p[c], expected[i * 3 + c], 1e-6) << i;
    const auto best = predictions[i].at("class").get<std::size_t>();
    for (std::size_t c = 0; c < 3; ++c) EXPECT_GE(p[best], p[c]);
    EXPECT_EQ(predictions[i].at("label"), std::to_string(best));
    correct += static_cast<int64_t>(best) == rows.labels[i];
  }
  EXPECT_GT(correct, 100) << "blobs 2 apart are told apart after training";
}

// Text: one line per input with its top K classes, "index label probability", most probable first.
TEST(PredictCli, TextWithTopK) {
  const auto dir = train::testing::fresh_dir("cli_predict_text");
  const auto run_dir = trained_run(dir);
  std::ofstream(dir / "two.csv") << "2,0,0,0\n0,0,0,2\n";
  const auto r = run_cli("predict " + run_dir.string() + " " + (dir / "two.csv").string() + " --top-k 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::istringstream lines(r.output);
  std::string name, line;
  int64_t count = 0;
  for (; std::getline(lines, line); ++count) {
    std::istringstream fields(line);
    int64_t first_class = 0, second_class = 0;
    std::string first_label, second_label;
    double first_p = 0, second_p = 0;
    ASSERT_TRUE(fields >> name >> first_class >> first_label >> first_p >> second_class >> second_label >> second_p)
        << line;
    EXPECT_EQ(name, (dir / "two.csv").string() + ":" + std::to_string(count + 1));
    EXPECT_EQ(first_label, std::to_string(first_class));
    EXPECT_GE(first_p, second_p);
    EXPECT_NE(first_class, second_class);
    EXPECT_FALSE(fields >> line) << "no third class with --top-k 2";
  }
  EXPECT_EQ(count, 2);
}

// Images: a run trained on a folder of 4×4 grey PNGs (dark "0", bright "1") classifies a folder.
TEST(PredictCli, ImageFolderWithClassNames) {
  const auto dir = train::testing::fresh_dir("cli_predict_images");
  for (int i = 0; i < 8; ++i) {
    data::testing::write_png(dir / "train/dark" / (std::to_string(i) + ".png"), 4, 4, PNG_FORMAT_GRAY,
                             std::vector<uint8_t>(16, static_cast<uint8_t>(10 + i)));
    data::testing::write_png(dir / "train/light" / (std::to_string(i) + ".png"), 4, 4, PNG_FORMAT_GRAY,
                             std::vector<uint8_t>(16, static_cast<uint8_t>(240 - i)));
  }
  ASSERT_EQ(run_cli("train --data " + (dir / "train").string() +
                    " --model 'flatten-linear(2)' --epochs 30 --lr 0.05 --out " + (dir / "run").string()).exit_code,
            0);
  data::testing::write_png(dir / "new/a.png", 4, 4, PNG_FORMAT_GRAY, std::vector<uint8_t>(16, 250));
  data::testing::write_png(dir / "new/b.png", 4, 4, PNG_FORMAT_GRAY, std::vector<uint8_t>(16, 0));
  const auto r = run_cli("predict " + (dir / "run").string() + " " + (dir / "new").string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto predictions = nlohmann::json::parse(r.output).at("predictions");
  ASSERT_EQ(predictions.size(), 2u);
  EXPECT_EQ(predictions[0].at("input"), (dir / "new/a.png").string());
  EXPECT_EQ(predictions[0].at("label"), "light");
  EXPECT_EQ(predictions[1].at("label"), "dark");
  EXPECT_EQ(predictions[1].at("class"), 0);
  // A yes/no flag before the inputs leaves them to be inputs; a yes/no word after it is its value.
  const auto flag_first = run_cli("predict " + (dir / "run").string() + " --json " + (dir / "new/a.png").string() +
                                  " " + (dir / "new/b.png").string());
  ASSERT_EQ(flag_first.exit_code, 0) << flag_first.output;
  EXPECT_EQ(nlohmann::json::parse(flag_first.output).at("predictions").size(), 2u);
  const auto flag_off = run_cli("predict " + (dir / "run").string() + " --json off " + (dir / "new").string());
  ASSERT_EQ(flag_off.exit_code, 0) << flag_off.output;
  EXPECT_EQ(flag_off.output.find("\"predictions\""), std::string::npos) << flag_off.output;
}

// The CLI and the C++ API are one code path: a ConvNet's --json probabilities on a PNG folder are
// Predictor::predict's on the same pixels (to the 7 digits printed).
TEST(PredictCli, SameAsThePredictorApi) {
  const auto dir = train::testing::fresh_dir("cli_predict_api");
  for (int i = 0; i < 6; ++i) {
    data::testing::write_png(dir / "train/dark" / (std::to_string(i) + ".png"), 6, 6, PNG_FORMAT_GRAY,
                             std::vector<uint8_t>(36, static_cast<uint8_t>(20 + 9 * i)));
    data::testing::write_png(dir / "train/light" / (std::to_string(i) + ".png"), 6, 6, PNG_FORMAT_GRAY,
                             std::vector<uint8_t>(36, static_cast<uint8_t>(230 - 9 * i)));
  }
  ASSERT_EQ(run_cli("train --data " + (dir / "train").string() + " --normalize true --model "
                    "'conv(3,3,pad=1)-batchnorm-relu-maxpool(2)-flatten-linear(2)' --epochs 2 --out " +
                    (dir / "run").string()).exit_code, 0);
  const auto r = run_cli("predict " + (dir / "run").string() + " " + (dir / "train/dark").string() + " " +
                         (dir / "train/light").string() + " --json --batch-size 5");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto predictions = nlohmann::json::parse(r.output).at("predictions");
  ASSERT_EQ(predictions.size(), 12u);
  const Predictor predictor = Predictor::load(dir / "run");
  const data::PredictionInputs inputs =
      data::load_prediction_inputs({dir / "train/dark", dir / "train/light"}, predictor.sample_shape());
  const std::vector<float> expected =
      predictor.predict(Tensor::from_vector(inputs.features, {12, 1, 6, 6})).to_vector<float>();
  for (std::size_t i = 0; i < predictions.size(); ++i) {
    const auto p = predictions[i].at("probabilities").get<std::vector<float>>();
    for (std::size_t c = 0; c < 2; ++c) EXPECT_NEAR(p[c], expected[i * 2 + c], 5e-7) << i;
  }
}

// A one-logit model at z = 0 exactly (zero weights): σ(z) = 0.5 and the class is 1 (z ≥ 0), as `nabla
// eval` counts it, not the lower index of the tie.
TEST(PredictCli, OneLogitAtZeroIsClassOne) {
  const auto dir = train::testing::fresh_dir("cli_predict_tie");
  const auto csv = train::testing::write_blobs_csv(dir, 2, 10, 3, 0.6, 5);
  ASSERT_EQ(run_cli("train --data " + csv.string() + " --model 'linear(1)' --loss bce --epochs 1 --out " +
                    (dir / "run").string()).exit_code, 0);
  train::save_safetensors(dir / "run/model.safetensors",
                          {{"0.weight", Tensor::zeros({1, 3})}, {"0.bias", Tensor::zeros({1})}});
  std::ofstream(dir / "rows.csv") << "1,2,3\n-4,0,9\n";
  const auto r = run_cli("predict " + (dir / "run").string() + " " + (dir / "rows.csv").string() + " --top-k 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, (dir / "rows.csv").string() + ":1  1 1 0.5000  0 0 0.5000\n" + (dir / "rows.csv").string() +
                          ":2  1 1 0.5000  0 0 0.5000\n");
}

TEST(PredictCli, BadFlagsAndInputsAreOneLineErrors) {
  const auto dir = train::testing::fresh_dir("cli_predict_errors");
  const auto run_dir = trained_run(dir);
  const std::string base = "predict " + run_dir.string() + " " + (dir / "blobs.csv").string();
  const auto zero = run_cli(base + " --top-k 0", true);
  EXPECT_NE(zero.exit_code, 0);
  EXPECT_EQ(zero.output, "error: --top-k: Value 0 not in range 1 to 1000000\n");
  const auto batch = run_cli(base + " --batch-size -3", true);
  EXPECT_NE(batch.exit_code, 0);
  EXPECT_EQ(batch.output, "error: --batch-size: Value -3 not in range 1 to 1048576\n");
  const auto missing = run_cli("predict " + run_dir.string() + " " + (dir / "none.csv").string(), true);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.output, "error: " + (dir / "none.csv").string() + ": no such file or folder\n");
  const auto no_input = run_cli("predict " + run_dir.string(), true);
  EXPECT_NE(no_input.exit_code, 0);
  EXPECT_EQ(no_input.output, "error: inputs is required\n");
}

TEST(SummaryCli, LayersShapesAndParameters) {
  const auto dir = train::testing::fresh_dir("cli_summary");
  const auto run_dir = trained_run(dir);
  const auto r = run_cli("summary " + run_dir.string(), true);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output,
            "model linear(8)-relu-linear(3) on samples of shape [4], 3 classes\n"
            "#  layer         output  params  FLOPs\n"
            "0  Linear(4, 8)  [8]         40     72\n"
            "1  ReLU          [8]          0      -\n"
            "2  Linear(8, 3)  [3]         27     51\n"
            "total parameters: 67 (trainable 67, frozen 0)\n"
            "FLOPs per sample: 123 (a multiply-add counts 2, Linear and Conv2d layers)\n");
  const auto missing = run_cli("summary " + (dir / "nowhere").string(), true);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.output.rfind("error: " + (dir / "nowhere").string() + ": no such folder; a run folder", 0), 0u)
      << missing.output;
}

}  // namespace
}  // namespace nabla::cli
