// What a run records per layer and of its final minimum: the history's per-layer lists and sharpness in
// JSON (and histories of earlier versions without them), a run's records on real training, resume bit
// for bit, and the sharpness of a linear least-squares model against its closed form.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/data/data_loader.h>
#include <nabla/io/atomic_file.h>
#include <nabla/train/data_splits.h>
#include <nabla/train/trainer.h>

#include "../common/top_eigenvalue.h"
#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

using nlohmann::json;

History two_layer_history() {
  History h{.layers = {{.name = "0", .parameters = 80}, {.name = "2", .parameters = 51}},
            .relu_layers = {"1"},
            .epochs = {}};
  h.epochs.push_back({.epoch = 1, .train_loss = 1, .layer_grad_norm = {0.5, 0.25}, .layer_update_ratio = {1e-3, 2e-3},
                      .dead_relu = {0.125}});
  h.sharpness = Sharpness{.lambda_max = 12.5, .lr = 0.1, .stability_bound = 20, .samples = 256, .iterations = 9,
                          .converged = true};
  return h;
}

TEST(LayerHistory, JsonRoundTrip) {
  const History h = two_layer_history();
  const History back = History::from_json(json::parse(h.to_json().dump()));
  ASSERT_EQ(back.layers.size(), 2u);
  EXPECT_EQ(back.layers[1].name, "2");
  EXPECT_EQ(back.layers[1].parameters, 51);
  EXPECT_EQ(back.relu_layers, h.relu_layers);
  EXPECT_EQ(back.epochs[0].layer_grad_norm, h.epochs[0].layer_grad_norm);
  EXPECT_EQ(back.epochs[0].layer_update_ratio, h.epochs[0].layer_update_ratio);
  EXPECT_EQ(back.epochs[0].dead_relu, h.epochs[0].dead_relu);
  ASSERT_TRUE(back.sharpness);
  EXPECT_EQ(back.sharpness->lambda_max, 12.5);
  EXPECT_EQ(back.sharpness->stability_bound, 20);
  EXPECT_TRUE(back.sharpness->converged);
  const History skipped = History::from_json(History{.epochs = {}, .sharpness = Sharpness{.skipped = "why"}}.to_json());
  EXPECT_EQ(skipped.sharpness->skipped, "why");
}

TEST(LayerHistory, EarlierHistoriesWithoutThemStillLoad) {
  const json old = {{"epochs", {{{"epoch", 1}, {"train_loss", 1.0}, {"val_loss", 1.0}, {"lr", 0.1},
                                 {"grad_norm", 1.0}, {"grad_norm_max", 2.0}}}}};
  const History h = History::from_json(old);
  EXPECT_TRUE(h.layers.empty());
  EXPECT_TRUE(h.epochs[0].layer_grad_norm.empty());
  EXPECT_FALSE(h.sharpness);
  EXPECT_FALSE(h.to_json().contains("layers"));  // nothing invented on the way back out
}

TEST(LayerHistory, ListOfTheWrongLengthIsRefusedNamingTheEpoch) {
  json j = two_layer_history().to_json();
  j["epochs"][0]["layer_grad_norm"] = {1.0};
  try {
    (void)History::from_json(j);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "history: epoch 1's layer_grad_norm must be a list of 2 numbers, one per layer");
  }
}

TrainConfig blobs(const std::filesystem::path& dir) {
  TrainConfig c;
  c.data = testing::write_blobs_csv(dir).string();
  c.model = "linear(16)-relu-dropout(0.2)-linear(3)";
  c.optimizer = {.name = "sgd", .lr = 0.1, .momentum = 0.9};
  c.schedule = {.name = "none"};
  c.batch_size = 32;
  c.epochs = 3;
  c.out = (dir / "run").string();
  return c;
}

TrainOptions quiet() { return {.progress = make_progress(ProgressStyle::quiet)}; }

TEST(LayerHistory, TrainingRecordsEveryLayerEachEpochAndTheSharpnessAtTheEnd) {
  const auto dir = testing::fresh_dir("layer_history_run");
  const TrainResult r = run_training(blobs(dir), quiet());
  const History h = History::from_json(json::parse(io::read_file(dir / "run" / "history.json")));
  ASSERT_EQ(h.layers.size(), 2u);
  EXPECT_EQ(h.layers[0].name, "0");
  EXPECT_EQ(h.layers[0].parameters, 4 * 16 + 16);
  EXPECT_EQ(h.layers[1].name, "3");
  EXPECT_EQ(h.relu_layers, std::vector<std::string>{"1"});
  for (const EpochRecord& e : h.epochs) {
    ASSERT_EQ(e.layer_grad_norm.size(), 2u);
    // The layers' norms make up the global one of each step; their means obey the triangle inequality.
    EXPECT_LE(e.grad_norm, (e.layer_grad_norm[0] + e.layer_grad_norm[1]) * (1 + 1e-3)) << e.epoch;
    EXPECT_GE(e.grad_norm, std::max(e.layer_grad_norm[0], e.layer_grad_norm[1]) * (1 - 1e-3)) << e.epoch;
    for (double u : e.layer_update_ratio) EXPECT_TRUE(u > 0 && u < 1) << u;
    ASSERT_EQ(e.dead_relu.size(), 1u);
    EXPECT_GE(e.dead_relu[0], 0);
    EXPECT_LT(e.dead_relu[0], 0.5);
  }
  ASSERT_TRUE(h.sharpness);
  EXPECT_TRUE(h.sharpness->skipped.empty()) << h.sharpness->skipped;
  EXPECT_GT(h.sharpness->lambda_max, 0);
  EXPECT_EQ(h.sharpness->lr, 0.1);
  EXPECT_DOUBLE_EQ(h.sharpness->stability_bound, 20);
  EXPECT_EQ(h.sharpness->samples, 256);
  ASSERT_TRUE(r.history.sharpness);
  EXPECT_EQ(r.history.sharpness->lambda_max, h.sharpness->lambda_max);
}

TEST(LayerHistory, SharpnessOfALinearLeastSquaresModelIsItsClosedForm) {
  // mse on one-hot targets over C = 3 outputs of a linear layer: H is C equal blocks 2/(N·C)·AᵀA with
  // A = [X 1] over the batch's N samples, whatever the weights, so training does not move it.
  const auto dir = testing::fresh_dir("layer_history_sharpness");
  TrainConfig c = blobs(dir);
  c.model = "linear(3)";
  c.loss = "mse";
  c.epochs = 2;
  const TrainResult r = run_training(c, quiet());
  // The batch the trainer takes: 256 training samples in the seed's order.
  const data::LabeledData train = load_data_splits(c).train;
  data::DataLoader loader(train, {.batch_size = 256, .shuffle = true, .seed = c.seed, .prefetch = false});
  loader.start_epoch(0);
  const std::vector<double> x = loader.next()->x.to_vector<double>();
  const std::size_t n = 256, f = 4;
  std::vector<std::vector<double>> ata(f + 1, std::vector<double>(f + 1, 0.0));
  for (std::size_t s = 0; s < n; ++s)
    for (std::size_t i = 0; i <= f; ++i)
      for (std::size_t j = 0; j <= f; ++j) ata[i][j] += (i < f ? x[s * f + i] : 1.0) * (j < f ? x[s * f + j] : 1.0);
  const double exact = 2.0 / static_cast<double>(n * 3) * nabla::testing::reference_top_eigenvalue(ata);
  ASSERT_TRUE(r.history.sharpness);
  const Sharpness& s = *r.history.sharpness;
  // Power iteration to a 1 % change approaches λ_max from below (the Rayleigh quotient never exceeds it).
  EXPECT_NEAR(s.lambda_max, exact, 0.02 * exact) << "iterations " << s.iterations;
  EXPECT_LE(s.lambda_max, exact * (1 + 1e-4));  // float32 model
  EXPECT_LE(s.iterations, 20);
}

}  // namespace
}  // namespace nabla::train
