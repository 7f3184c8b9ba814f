// The doctor's per-layer rules (vanishing and exploding gradients named by layer, dead ReLUs), findings
// that each cite one epoch, advice that fits the run's config, and histories of earlier versions.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>

#include <nabla/doctor/doctor.h>
#include <nabla/doctor/doctor_output.h>
#include <nabla/doctor/measurements.h>
#include <nabla/train/safetensors.h>
#include <nabla/train/trainer.h>

#include "../common/train_fixtures.h"

namespace nabla::doctor {
namespace {

using Codes = std::vector<std::string>;

std::vector<std::string> codes(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(f.code);
  return out;
}

// A healthy loss (10 classes) over len(norms) epochs, each with these per-layer gradient norms, over
// layers "0", "2", "4", … of 100 parameters each.
train::History layered(const std::vector<std::vector<double>>& norms) {
  train::History h;
  for (std::size_t l = 0; l < norms.front().size(); ++l) h.layers.push_back({std::to_string(2 * l), 100});
  for (std::size_t e = 0; e < norms.size(); ++e) {
    const double loss = 2.0 * std::pow(0.5, static_cast<double>(e));
    h.epochs.push_back({.epoch = static_cast<int64_t>(e) + 1, .train_loss = loss, .val_loss = loss * 1.05, .lr = 0.1,
                        .grad_norm = 1, .grad_norm_max = 2, .layer_grad_norm = norms[e],
                        .layer_update_ratio = std::vector<double>(norms[e].size(), 1e-3)});
  }
  return h;
}

TEST(DoctorLayers, GradientFadingTowardTheInputNamesTheEarlyLayers) {
  // From the second epoch on, the gradient per weight (norm / √100) of layers 0 and 2 is under a
  // hundredth of layer 6's; layer 4's is a third of it.
  const auto f = diagnose(layered({{0.5, 0.6, 0.7, 0.8}, {1.6e-4, 6e-4, 0.03, 0.1}, {1e-4, 5e-4, 0.03, 0.1}}),
                          {.num_classes = 10});
  ASSERT_EQ(codes(f), Codes{"vanishing_gradients"});
  EXPECT_EQ(f[0].epoch, 2);
  EXPECT_NE(f[0].evidence.find("layers 0 and 2 get 1.6e-05 to 6e-05 per weight (RMS), under 1/100 of layer 6's 0.01"),
            std::string::npos)
      << f[0].evidence;
  EXPECT_NE(f[0].advice.find("\"achieving close-to-zero gradient usually means that learning got stuck\""),
            std::string::npos)
      << f[0].advice;
  EXPECT_NE(f[0].advice.find("\"optimization-friendly network structure\""), std::string::npos) << f[0].advice;
  EXPECT_NEAR(f[0].values.at("rms_gradient_layer_0"), 1.6e-5, 1e-12);
}

TEST(DoctorLayers, LayersOfOneScaleAreHealthyWhateverTheGlobalNorm) {
  EXPECT_EQ(codes(diagnose(layered({{0.5, 0.3, 0.6}, {0.2, 0.1, 0.3}, {0.1, 0.08, 0.2}}), {.num_classes = 10})),
            Codes{"healthy"});
  // A small last layer is no fading on the way back: only layers before a much larger one count.
  EXPECT_EQ(codes(diagnose(layered({{0.5, 0.6, 1e-5}}))), Codes{"healthy"});
}

TEST(DoctorLayers, ALayersGradientGrowingAHundredfoldIsExplodingNamedByLayer) {
  // The batch maximum stays low; layer 2's mean gradient norm grows 200x by epoch 3.
  const auto f = diagnose(layered({{0.5, 0.1, 0.4}, {0.5, 1.0, 0.4}, {0.5, 20, 0.4}}), {.num_classes = 10});
  ASSERT_EQ(codes(f), Codes{"exploding_gradients"});
  EXPECT_EQ(f[0].epoch, 3);
  EXPECT_NE(f[0].evidence.find("most in layer 2 (200x its first-epoch mean)"), std::string::npos) << f[0].evidence;
  EXPECT_NE(f[0].advice.find("\"achieving close-to-infinity gradient usually means that learning diverges\""),
            std::string::npos)
      << f[0].advice;
}

TEST(DoctorLayers, HalfAReluLayerSilentIsDeadRelu) {
  train::History h = layered({{0.5, 0.6}, {0.4, 0.5}});
  h.relu_layers = {"1", "3"};
  h.epochs[0].dead_relu = {0.1, 0.2};
  h.epochs[1].dead_relu = {0.1, 0.75};
  const auto f = diagnose(h, {.num_classes = 10});
  ASSERT_EQ(codes(f), Codes{"dead_relu"});
  EXPECT_EQ(f[0].epoch, 2);
  EXPECT_EQ(f[0].evidence, "at epoch 2, 75 % of layer 3's units never fire on the validation batch");
  EXPECT_NE(f[0].advice.find("decrease the learning rate (it was 0.1)"), std::string::npos) << f[0].advice;
  h.epochs[1].dead_relu = {0.1, 0.3};
  EXPECT_EQ(codes(diagnose(h, {.num_classes = 10})), Codes{"healthy"});
}

// Every finding names exactly one epoch, its own.
TEST(DoctorLayers, EachFindingCitesOneEpoch) {
  std::vector<Finding> all;
  auto add = [&](const train::History& h, const DoctorOptions& o) {
    for (const Finding& f : diagnose(h, o)) all.push_back(f);
  };
  train::History overfit = layered({{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}});
  const double train[] = {0.9, 0.5, 0.3, 0.15, 0.08}, val[] = {0.8, 0.55, 0.5, 0.6, 0.75};
  for (int e = 0; e < 5; ++e) overfit.epochs[e].train_loss = train[e], overfit.epochs[e].val_loss = val[e];
  add(overfit, {.num_classes = 3});
  train::History slow = layered({{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}});
  for (std::size_t e = 0; e < 6; ++e) slow.epochs[e].train_loss = slow.epochs[e].val_loss = 1.1 - 0.003 * e;
  add(slow, {.num_classes = 3});
  train::History stalled = layered({{1, 1}, {1, 1}, {1, 1}});
  for (std::size_t e = 0; e < 3; ++e) stalled.epochs[e].train_loss = stalled.epochs[e].val_loss = 2.2 - 0.4 * e;
  add(stalled, {.num_classes = 10});
  train::History diverged = layered({{1, 1}, {1, 1}, {1, 1}});
  diverged.epochs[2].train_loss = std::nan("");
  diverged.epochs[2].grad_norm_max = 500;
  add(diverged, {.num_classes = 3});
  train::History split = layered({{1, 1}, {1, 1}});
  split.epochs[1].train_loss = 1, split.epochs[1].val_loss = 0.3;
  add(split, {});
  add(layered({{0.5, 0.6}, {1e-5, 0.6}}), {});
  add(layered({{0.5, 0.6}, {0.4, 0.5}}), {});
  train::History dead = layered({{0.5, 0.6}, {0.4, 0.5}});
  dead.relu_layers = {"1"};
  dead.epochs[0].dead_relu = {0.2};
  dead.epochs[1].dead_relu = {0.9};
  add(dead, {});
  Codes seen;
  const std::regex epoch_number("epoch (\\d+)");
  for (const Finding& f : all) {
    seen.push_back(f.code);
    std::vector<int64_t> cited;
    for (auto it = std::sregex_iterator(f.evidence.begin(), f.evidence.end(), epoch_number); it != std::sregex_iterator(); ++it)
      cited.push_back(std::stoll((*it)[1]));
    EXPECT_EQ(cited, std::vector<int64_t>{f.epoch}) << f.code << ": " << f.evidence;
  }
  for (const char* code : {"overfitting", "lr_too_small", "underfitting", "divergence", "exploding_gradients",
                           "bad_split", "vanishing_gradients", "dead_relu", "healthy"})
    EXPECT_NE(std::find(seen.begin(), seen.end(), code), seen.end()) << code;
}

TEST(DoctorLayers, RunOptionsNameTheRegularisationTheConfigSets) {
  const nlohmann::json none = {{"model", "mlp"}, {"l2", 0}, {"optimizer", {{"name", "adam"}, {"weight_decay", 0}}},
                               {"augment", "none"}};
  EXPECT_TRUE(run_options(none, nlohmann::json()).regularisation.empty());
  const nlohmann::json some = {{"model", "linear(16)-relu-dropout(0.3)-linear(3)"},
                               {"l2", 0.01},
                               {"optimizer", {{"name", "adamw"}, {"weight_decay", 0.1}}},
                               {"augment", "crop:4,flip"}};
  const DoctorOptions o = run_options(some, {{"num_classes", 3}});
  EXPECT_EQ(o.regularisation,
            (std::vector<std::string>{"--l2 0.01", "--weight-decay 0.1", "dropout", "--augment crop:4,flip"}));
  EXPECT_EQ(o.num_classes, 3);
  // Overfitting's advice with regularisation there: strengthen what the run has.
  train::History overfit = layered({{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}});
  const double train[] = {0.9, 0.5, 0.3, 0.15, 0.08}, val[] = {0.8, 0.55, 0.5, 0.6, 0.75};
  for (int e = 0; e < 5; ++e) overfit.epochs[e].train_loss = train[e], overfit.epochs[e].val_loss = val[e];
  const auto over = diagnose(overfit, {.num_classes = 3, .regularisation = {"dropout"}});
  ASSERT_EQ(codes(over), Codes{"overfitting"});
  EXPECT_NE(over[0].advice.find("increase the strength of regularisation (dropout)"), std::string::npos)
      << over[0].advice;
}

TEST(DoctorLayers, MeasurementsOfAHistoryAndOfAnEarlierOneWithout) {
  train::History h = layered({{0.5, 0.6}, {0.4, 0.5}});
  h.relu_layers = {"1"};
  h.epochs[1].dead_relu = {0.25};
  h.sharpness = train::Sharpness{.lambda_max = 30, .lr = 0.1, .stability_bound = 20, .samples = 256,
                                 .iterations = 12, .converged = true};
  const std::string text = format_measurements(h);
  EXPECT_NE(text.find("sharpness: lambda_max 30 of the training loss's Hessian"), std::string::npos) << text;
  EXPECT_NE(text.find("stability bound 2/lr = 20 (lr 0.1): above it"), std::string::npos) << text;
  EXPECT_NE(text.find("  layer 2             100 weights         0.6 -> 0.5         update 0.001\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("dead ReLUs at epoch 2 (units that never fire on the validation batch): layer 1 25 %"),
            std::string::npos)
      << text;
  const nlohmann::json j = measurements_json(h);
  EXPECT_EQ(j["sharpness"]["stability_bound"], 20);
  EXPECT_EQ(j["layers"][1]["grad_norm_last"], 0.5);
  EXPECT_EQ(j["relu_layers"][0]["dead_share"], 0.25);
  // An earlier version's history: no measurements, and the doctor still diagnoses it.
  train::History old;
  old.epochs.push_back({.epoch = 1, .train_loss = 0.3, .val_loss = 0.3, .lr = 0.1, .grad_norm = 1, .grad_norm_max = 2});
  EXPECT_EQ(format_measurements(old), "");
  EXPECT_EQ(measurements_json(old), nlohmann::json::object());
  EXPECT_EQ(codes(diagnose(old, {.num_classes = 3})), Codes{"healthy"});
}

// Real runs on blobs with a 16-unit ReLU layer, each well under a second.
train::TrainConfig blobs_run(const std::filesystem::path& dir, const std::string& out, double lr) {
  train::TrainConfig c;
  c.data = train::testing::write_blobs_csv(dir).string();
  c.model = "linear(16)-relu-linear(3)";
  c.optimizer = {.name = "sgd", .lr = lr};
  c.batch_size = 32;
  c.epochs = 3;
  c.out = (dir / out).string();
  return c;
}

train::TrainOptions quiet() { return {.progress = train::make_progress(train::ProgressStyle::quiet)}; }

TEST(DoctorLayersOnRuns, ReluUnitsSilencedAtTheStartStayDeadAndAreNamed) {
  const auto dir = train::testing::fresh_dir("doctor_dead_init");
  const train::TrainResult healthy = train::run_training(blobs_run(dir, "healthy", 0.1), quiet());
  EXPECT_EQ(codes(diagnose_run(healthy.out)), Codes{"healthy"});
  // The same weights with 12 of the 16 hidden biases at -100: those units never fire, so never learn.
  train::TensorMap weights = train::load_safetensors(healthy.out / "model.safetensors");
  std::vector<float> bias = weights.at("0.bias").to_vector<float>();
  for (int i = 0; i < 12; ++i) bias[i] = -100;
  weights["0.bias"] = Tensor::from_vector(std::span<const float>(bias), {16});
  train::save_safetensors(dir / "silenced.safetensors", weights);
  train::TrainConfig c = blobs_run(dir, "silenced", 0.1);
  c.init_from = (dir / "silenced.safetensors").string();
  const train::TrainResult r = train::run_training(c, quiet());
  const auto f = diagnose_run(r.out);
  // Four live units fit the blobs less well, so the loss also stays high (underfitting).
  const auto dead = std::find_if(f.begin(), f.end(), [](const Finding& x) { return x.code == "dead_relu"; });
  ASSERT_NE(dead, f.end()) << ::testing::PrintToString(codes(f));
  EXPECT_EQ(dead->epoch, 1);
  EXPECT_EQ(dead->evidence, "at epoch 1, 75 % of layer 1's units never fire on the validation batch");
}

TEST(DoctorLayersOnRuns, SgdAtLearningRateTenDivergesAndKillsReluUnits) {
  const auto dir = train::testing::fresh_dir("doctor_dead_lr");
  const train::TrainResult r = train::run_training(blobs_run(dir, "run", 10), quiet());
  const auto f = diagnose_run(r.out);
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f.front().code, "divergence");
  EXPECT_EQ(f.back().code, "dead_relu");
  EXPECT_NE(f.back().advice.find("decrease the learning rate (it was 10)"), std::string::npos) << f.back().advice;
}

}  // namespace
}  // namespace nabla::doctor
