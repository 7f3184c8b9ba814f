// `nabla doctor` on the layers: a 12-layer sigmoid network's vanishing gradients named by layer, a ReLU
// network of the same shape without them, the measurements printed, and a run folder of an earlier
// version that has none of them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <nabla/io/atomic_file.h>

#include "../common/train_fixtures.h"
#include "cli_runner.h"

namespace nabla::cli {
namespace {

using testing::run_cli;
using nlohmann::json;

// `hidden` layers of 32 units with the activation, then the 3 outputs: 2·hidden + 1 layers in the chain,
// the Linear ones named 0, 2, 4, ….
std::string deep_model(const std::string& activation, int hidden) {
  std::string spec;
  for (int i = 0; i < hidden; ++i) spec += "linear(32)-" + activation + "-";
  return spec + "linear(3)";
}

// Trains the model for 3 epochs on blobs and returns `nabla doctor --json` of its folder.
json doctor_json(const std::filesystem::path& dir, const std::string& model) {
  const auto csv = train::testing::write_blobs_csv(dir);
  const std::string out = (dir / "run").string();
  const auto r = run_cli("train --data " + csv.string() + " --model '" + model + "' --epochs 3 --out " + out);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const auto d = run_cli("doctor " + out + " --json");
  EXPECT_EQ(d.exit_code, 0) << d.output;
  return json::parse(d.output);
}

const json* finding(const json& doctor, const std::string& code) {
  for (const json& f : doctor["findings"])
    if (f["code"] == code) return &f;
  return nullptr;
}

TEST(DoctorLayersCli, TwelveLayerSigmoidNetworkHasVanishingGradientsInItsEarlyLayers) {
  const auto dir = train::testing::fresh_dir("cli_doctor_sigmoid");
  const json d = doctor_json(dir, deep_model("sigmoid", 11));
  const json* f = finding(d, "vanishing_gradients");
  ASSERT_TRUE(f) << d.dump(2);
  const std::string evidence = (*f)["evidence"];
  EXPECT_NE(evidence.find("the gradient fades on its way back to the input: layers 0, 2, 4"), std::string::npos)
      << evidence;
  const json& values = (*f)["evidence_values"];
  EXPECT_TRUE(values.contains("rms_gradient_layer_0")) << values.dump();
  EXPECT_FALSE(values.contains("rms_gradient_layer_20")) << values.dump();  // the layers next to the output learn
  EXPECT_EQ(d["measurements"]["layers"].size(), 12u);
  EXPECT_TRUE(d["measurements"]["sharpness"].contains("lambda_max")) << d["measurements"].dump();
  const auto text = run_cli("doctor " + (dir / "run").string());
  EXPECT_NE(text.output.find("doctor: vanishing_gradients at epoch "), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("gradient norm per layer, epoch 1 -> 3"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("  layer 22 "), std::string::npos) << text.output;
  // The cosine schedule's rate in the last of 3 epochs: 0.001 · (1 + cos(2π/3)) / 2.
  EXPECT_NE(text.output.find("stability bound 2/lr = 8000 (lr 0.00025)"), std::string::npos) << text.output;
}

TEST(DoctorLayersCli, ReluNetworkOfTheSameShapeHasNoVanishingGradients) {
  const auto dir = train::testing::fresh_dir("cli_doctor_relu");
  const json d = doctor_json(dir, deep_model("relu", 3));
  EXPECT_FALSE(finding(d, "vanishing_gradients")) << d.dump(2);
  EXPECT_FALSE(finding(d, "dead_relu")) << d.dump(2);
  EXPECT_EQ(d["measurements"]["relu_layers"].size(), 3u);
}

TEST(DoctorLayersCli, RunFolderOfAnEarlierVersionStillLoads) {
  const auto dir = train::testing::fresh_dir("cli_doctor_old");
  (void)doctor_json(dir, "linear(8)-relu-linear(3)");
  const auto history_file = dir / "run" / "history.json";
  json history = json::parse(io::read_file(history_file));
  for (const char* key : {"layers", "relu_layers", "sharpness"}) history.erase(key);
  for (json& e : history["epochs"])
    for (const char* key : {"layer_grad_norm", "layer_update_ratio", "dead_relu"}) e.erase(key);
  io::write_file_atomic(history_file, history.dump(2));
  const auto d = run_cli("doctor " + (dir / "run").string() + " --json");
  ASSERT_EQ(d.exit_code, 0) << d.output;
  const json j = json::parse(d.output);
  EXPECT_FALSE(j["findings"].empty());
  EXPECT_EQ(j["measurements"], json::object());
  const auto text = run_cli("doctor " + (dir / "run").string());
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_EQ(text.output.find("sharpness"), std::string::npos) << text.output;
  EXPECT_EQ(run_cli("report " + (dir / "run").string()).exit_code, 0);
}

}  // namespace
}  // namespace nabla::cli
