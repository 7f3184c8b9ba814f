// The training procedure end to end on small synthetic data: learning, files, determinism, resume,
// divergence, early stopping and evaluation of a saved run.
#include <gtest/gtest.h>

#include <nabla/io/atomic_file.h>
#include <nabla/train/checkpoint.h>
#include <nabla/train/saved_run.h>
#include <nabla/train/trainer.h>

#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

TrainConfig blobs_config(const std::filesystem::path& dir, const std::string& out) {
  TrainConfig c;
  c.data = testing::write_blobs_csv(dir).string();
  c.model = "linear(16)-tanh-linear(3)";
  c.optimizer.name = "sgd";
  c.optimizer.lr = 0.1;
  c.optimizer.momentum = 0.9;
  c.batch_size = 32;
  c.epochs = 6;
  c.out = (dir / out).string();
  return c;
}

TrainOptions quiet(bool resume = false) { return {.resume = resume, .progress = make_progress(ProgressStyle::quiet)}; }

TEST(Trainer, LearnsBlobsAndWritesTheRunFolder) {
  const auto dir = testing::fresh_dir("trainer_blobs");
  const TrainResult r = run_training(blobs_config(dir, "run"), quiet());
  ASSERT_EQ(r.history.epochs.size(), 6u);
  EXPECT_LT(r.history.epochs.back().train_loss, r.history.epochs.front().train_loss);
  EXPECT_GT(r.test.accuracy, 0.9);
  EXPECT_EQ(r.test.samples, 120);  // 20 % of 600 rows
  for (const char* f : {"config.json", "data.json", "model.safetensors", "checkpoint.safetensors", "history.csv",
                        "history.json", "metrics.json"})
    EXPECT_TRUE(std::filesystem::exists(r.out / f)) << f;
  const nlohmann::json m = nlohmann::json::parse(io::read_file(r.out / "metrics.json"));
  EXPECT_DOUBLE_EQ(m["test"]["accuracy"].get<double>(), r.test.accuracy);
  EXPECT_TRUE(m["validation"]["report"].contains("confusion_matrix"));
  const std::string csv = io::read_file(r.out / "history.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7);
}

TEST(Trainer, SameSeedGivesBitIdenticalWeights) {
  const auto dir = testing::fresh_dir("trainer_determinism");
  (void)run_training(blobs_config(dir, "a"), quiet());
  (void)run_training(blobs_config(dir, "b"), quiet());
  EXPECT_EQ(io::read_file(dir / "a" / "model.safetensors"), io::read_file(dir / "b" / "model.safetensors"));
}

// Stops a run (by throwing) once the given epoch's checkpoint is written: a kill between epochs.
class StopAfterEpoch final : public ProgressReporter {
 public:
  explicit StopAfterEpoch(int64_t epoch) : epoch_(epoch) {}
  void on_batch(const BatchProgress&) override {}
  void on_epoch(const EpochRecord& r, int64_t) override {
    if (r.epoch == epoch_) throw std::runtime_error("stopped");
  }
  void message(const std::string&) override {}

 private:
  int64_t epoch_;
};

TEST(Trainer, ResumeEndsBitIdenticalToAnUninterruptedRun) {
  const auto dir = testing::fresh_dir("trainer_resume");
  TrainConfig full = blobs_config(dir, "full");
  full.model = "linear(16)-relu-dropout(0.2)-linear(3)";  // dropout: the random state must resume too
  full.schedule.name = "cosine";                         // and the schedule's
  (void)run_training(full, quiet());
  TrainConfig part = full;
  part.out = (dir / "part").string();
  EXPECT_THROW((void)run_training(part, {.progress = std::make_shared<StopAfterEpoch>(2)}), std::runtime_error);
  EXPECT_EQ(load_checkpoint(part.out).state.epoch, 2);
  const TrainResult r = run_training(config_from_json(load_checkpoint(part.out).config), quiet(true));
  EXPECT_EQ(r.history.epochs.size(), 6u);
  EXPECT_EQ(io::read_file(dir / "full" / "model.safetensors"), io::read_file(dir / "part" / "model.safetensors"));
}

TEST(Trainer, RefusesToOverwriteARun) {
  const auto dir = testing::fresh_dir("trainer_overwrite");
  TrainConfig c = blobs_config(dir, "run");
  c.epochs = 1;
  (void)run_training(c, quiet());
  EXPECT_THROW((void)run_training(c, quiet()), std::invalid_argument);
}

TEST(Trainer, DivergenceStopsWithEpochAndBatch) {
  const auto dir = testing::fresh_dir("trainer_diverge");
  TrainConfig c = blobs_config(dir, "run");
  c.model = "linear(16)-relu-linear(3)";
  c.optimizer.lr = 1e10;
  try {
    (void)run_training(c, quiet());
    FAIL() << "expected divergence";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("epoch 1, batch"), std::string::npos) << what;
    EXPECT_NE(what.find("lower the learning rate"), std::string::npos) << what;
  }
  EXPECT_FALSE(std::filesystem::exists(checkpoint_path(c.out)));
}

TEST(Trainer, EarlyStoppingRestoresTheBestWeights) {
  const auto dir = testing::fresh_dir("trainer_early");
  TrainConfig c = blobs_config(dir, "run");
  c.epochs = 40;
  c.early_stopping = 2;
  c.optimizer.lr = 0.5;
  const TrainResult r = run_training(c, quiet());
  ASSERT_TRUE(r.stopped_early);
  EXPECT_LT(r.history.epochs.size(), 40u);
  const double best = r.history.epochs[r.best_epoch - 1].val_loss;
  EXPECT_NEAR(r.validation.loss, best, 1e-6);
}

TEST(Trainer, SavedRunEvaluatesToTheSameTestAccuracy) {
  const auto dir = testing::fresh_dir("trainer_eval");
  const TrainResult r = run_training(blobs_config(dir, "run"), quiet());
  const EvalOutcome e = evaluate_saved_run(r.out, std::nullopt, std::nullopt);
  EXPECT_DOUBLE_EQ(e.evaluation.accuracy, r.test.accuracy);
  EXPECT_NEAR(e.evaluation.loss, r.test.loss, 1e-6);
  EXPECT_TRUE(std::filesystem::exists(r.out / "eval" / "metrics.json"));
}

TEST(TrainConfig, JsonRoundTripAndUnknownKeys) {
  TrainConfig c;
  c.epochs = 3;
  c.optimizer.name = "sgd";
  const TrainConfig back = config_from_json(to_json(c));
  EXPECT_EQ(back.epochs, 3);
  EXPECT_EQ(back.optimizer.name, "sgd");
  try {
    (void)config_from_json(nlohmann::json{{"optimizer", {{"lrr", 0.1}}}});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("optimizer.lrr"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace nabla::train
