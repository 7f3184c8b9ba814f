// Gradient accumulation (--accumulate K): a step on K batches of B samples is a step on one batch of K·B,
// the last short group of an epoch weighted by its samples; schedules count steps, not batches; and a run
// reports its world (one process) and throughput.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <nabla/io/atomic_file.h>
#include <nabla/train/trainer.h>

#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

TrainConfig blobs_config(const std::filesystem::path& dir, const std::string& out) {
  TrainConfig c;
  c.data = testing::write_blobs_csv(dir).string();  // 432 training rows: 13.5 batches of 32
  c.model = "linear(16)-tanh-linear(3)";
  c.optimizer.name = "sgd";
  c.optimizer.lr = 0.1;
  c.optimizer.momentum = 0.9;
  c.schedule.name = "none";
  c.epochs = 2;
  c.threads = 1;
  c.out = (dir / out).string();
  return c;
}

TrainOptions quiet() { return {.progress = make_progress(ProgressStyle::quiet)}; }

// The largest |a − b| over two runs' final weights.
double weight_difference(const TrainResult& a, const TrainResult& b) {
  const auto wa = load_safetensors(a.out / "model.safetensors"), wb = load_safetensors(b.out / "model.safetensors");
  double diff = 0;
  for (const auto& [name, t] : wb) {
    const std::vector<double> x = wa.at(name).to_vector<double>(), y = t.to_vector<double>();
    for (std::size_t i = 0; i < y.size(); ++i) diff = std::max(diff, std::abs(x[i] - y[i]));
  }
  return diff;
}

TEST(Accumulate, KBatchesOfBSamplesStepAsOneBatchOfKB) {
  const auto dir = testing::fresh_dir("accumulate");
  TrainConfig big = blobs_config(dir, "big");
  big.batch_size = 32;
  TrainConfig small = blobs_config(dir, "small");
  small.batch_size = 8;
  small.accumulate = 4;
  const TrainResult a = run_training(big, quiet()), b = run_training(small, quiet());
  // The same steps up to float32 rounding (summing 4 means of 8 in place of one mean of 32).
  EXPECT_LT(weight_difference(a, b), 1e-5);
  EXPECT_NEAR(a.history.epochs.back().train_loss, b.history.epochs.back().train_loss, 1e-6);
  EXPECT_EQ(a.history.epochs.back().train_accuracy, b.history.epochs.back().train_accuracy);
  // Not vacuous: without accumulation, batches of 8 take 4 times the steps and end elsewhere.
  TrainConfig plain = blobs_config(dir, "plain");
  plain.batch_size = 8;
  EXPECT_GT(weight_difference(a, run_training(plain, quiet())), 1e-2);
}

TEST(Accumulate, OneCycleCountsSteps) {
  const auto dir = testing::fresh_dir("accumulate_onecycle");
  TrainConfig c = blobs_config(dir, "run");
  c.batch_size = 32;
  c.accumulate = 4;
  c.schedule.name = "onecycle";
  (void)run_training(c, quiet());
  // 14 batches per epoch make 4 steps (the last of 2 batches), 8 over the run.
  const nlohmann::json config = nlohmann::json::parse(io::read_file(dir / "run" / "config.json"));
  EXPECT_EQ(config["schedule"]["total_steps"], 8);
  EXPECT_EQ(config["accumulate"], 4);
}

TEST(Accumulate, ARunReportsItsWorldAndThroughput) {
  const auto dir = testing::fresh_dir("accumulate_world");
  const TrainResult r = run_training(blobs_config(dir, "run"), quiet());
  EXPECT_EQ(r.world_size, 1);
  EXPECT_GT(r.samples_per_second, 0);
  EXPECT_EQ(r.waiting_fraction, 0);
  EXPECT_EQ(load_checkpoint(r.out).state.world_size, 1);
}

TEST(Accumulate, IsAWholeNumberOfBatches) {
  nlohmann::json j = {{"accumulate", 0}};
  try {
    (void)config_from_json(j);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "config: accumulate: must be a whole number in [1, 65536], not 0");
  }
  EXPECT_EQ(config_from_json({{"accumulate", 3}, {"sync_bn", true}}).accumulate, 3);
}

}  // namespace
}  // namespace nabla::train
