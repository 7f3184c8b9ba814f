// Run folders: one writer at a time, stale temporaries cleared, a stop mid-epoch that resumes bit for bit,
// divergence that never checkpoints non-finite weights, and resume at a new learning rate.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cmath>

#include <nabla/io/atomic_file.h>
#include <nabla/io/folder_lock.h>
#include <nabla/train/checkpoint.h>
#include <nabla/train/trainer.h>

#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

using nlohmann::json;

// 420 training rows (70 % of 600) in 14 batches of 32.
TrainConfig blobs(const std::filesystem::path& dir, const std::string& out) {
  TrainConfig c;
  c.data = testing::write_blobs_csv(dir).string();
  c.model = "linear(16)-relu-dropout(0.2)-linear(3)";  // dropout: its random state must resume too
  c.optimizer = {.name = "sgd", .lr = 0.1, .momentum = 0.9};
  c.schedule = {.name = "none"};
  c.batch_size = 32;
  c.epochs = 4;
  c.out = (dir / out).string();
  return c;
}

TrainOptions quiet(bool resume = false) { return {.resume = resume, .progress = make_progress(ProgressStyle::quiet)}; }

// Raises the stop flag once a given batch (0: the last) of a given epoch has trained, as a signal
// handler would.
class StopAt final : public ProgressReporter {
 public:
  StopAt(int64_t epoch, int64_t batch) : epoch_(epoch), batch_(batch) {}
  void on_batch(const BatchProgress& p) override {
    if (p.epoch == epoch_ && p.batch == (batch_ > 0 ? batch_ : p.batches)) flag.store(true);
  }
  void on_epoch(const EpochRecord&, int64_t) override {}
  void message(const std::string&) override {}
  std::atomic<bool> flag{false};

 private:
  int64_t epoch_, batch_;
};

json read_json(const std::filesystem::path& path) { return json::parse(io::read_file(path)); }

void expect_same_history(const History& a, const History& b) {
  ASSERT_EQ(a.epochs.size(), b.epochs.size());
  for (std::size_t e = 0; e < a.epochs.size(); ++e) {  // all but the time, bit for bit
    const EpochRecord &x = a.epochs[e], &y = b.epochs[e];
    EXPECT_EQ(x.train_loss, y.train_loss) << "epoch " << e + 1;
    EXPECT_EQ(x.train_accuracy, y.train_accuracy) << "epoch " << e + 1;
    EXPECT_EQ(x.val_loss, y.val_loss) << "epoch " << e + 1;
    EXPECT_EQ(x.lr, y.lr) << "epoch " << e + 1;
    EXPECT_EQ(x.grad_norm, y.grad_norm) << "epoch " << e + 1;
    EXPECT_EQ(x.grad_norm_max, y.grad_norm_max) << "epoch " << e + 1;
    EXPECT_EQ(x.layer_grad_norm, y.layer_grad_norm) << "epoch " << e + 1;
    EXPECT_EQ(x.layer_update_ratio, y.layer_update_ratio) << "epoch " << e + 1;
    EXPECT_EQ(x.dead_relu, y.dead_relu) << "epoch " << e + 1;
    EXPECT_FALSE(x.layer_grad_norm.empty()) << "epoch " << e + 1;
  }
}

TEST(RunFolder, StopMidEpochCheckpointsAndResumesBitIdentically) {
  const auto dir = testing::fresh_dir("run_stop");
  TrainConfig full = blobs(dir, "full");
  full.schedule = {.name = "onecycle"};  // stepped per batch: its state mid-epoch must resume too
  const TrainResult whole = run_training(full, quiet());
  TrainConfig part = full;
  part.out = (dir / "part").string();
  auto stopper = std::make_shared<StopAt>(3, 5);
  try {
    (void)run_training(part, {.progress = stopper, .stop = &stopper->flag});
    FAIL() << "expected TrainingInterrupted";
  } catch (const TrainingInterrupted& e) {
    EXPECT_EQ(e.dir(), part.out);
    EXPECT_NE(std::string(e.what()).find("at epoch 3, batch 5"), std::string::npos) << e.what();
  }
  const Checkpoint ck = load_checkpoint(part.out);
  EXPECT_EQ(ck.state.epoch, 2);
  EXPECT_EQ(ck.state.partial.batches, 5);
  EXPECT_EQ(ck.state.partial.seen, 5 * 32);
  const TrainResult resumed = run_training(config_from_json(ck.config), quiet(true));
  EXPECT_EQ(io::read_file(dir / "full" / "model.safetensors"), io::read_file(dir / "part" / "model.safetensors"));
  expect_same_history(whole.history, resumed.history);
  EXPECT_EQ(load_checkpoint(part.out).state.partial.batches, 0);
}

TEST(RunFolder, StopAtTheLastBatchFinishesTheEpoch) {
  const auto dir = testing::fresh_dir("run_stop_last");
  const TrainConfig c = blobs(dir, "run");
  auto stopper = std::make_shared<StopAt>(2, 0);
  EXPECT_THROW((void)run_training(c, {.progress = stopper, .stop = &stopper->flag}), TrainingInterrupted);
  const Checkpoint ck = load_checkpoint(c.out);
  EXPECT_EQ(ck.state.epoch, 2);  // validated and checkpointed at the epoch's end
  EXPECT_EQ(ck.state.partial.batches, 0);
}

TEST(RunFolder, SecondWriterIsRefusedBeforeLoadingData) {
  const auto dir = testing::fresh_dir("run_locked");
  TrainConfig c = blobs(dir, "run");
  c.data = (dir / "missing.csv").string();  // the lock comes first, so this is never read
  const io::FolderLock held(c.out, "training");
  try {
    (void)run_training(c, quiet());
    FAIL() << "expected the folder to be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(c.out + " is in use by nabla pid " + std::to_string(::getpid())),
              std::string::npos)
        << e.what();
  }
}

TEST(RunFolder, FailedStartLeavesNoFolderAndStartClearsStaleTemporaries) {
  const auto dir = testing::fresh_dir("run_stale");
  TrainConfig bad = blobs(dir, "never");
  bad.data = (dir / "missing.csv").string();
  EXPECT_THROW((void)run_training(bad, quiet()), std::exception);
  EXPECT_FALSE(std::filesystem::exists(bad.out));

  TrainConfig c = blobs(dir, "run");
  c.epochs = 1;
  (void)run_training(c, quiet());
  const auto stale = std::filesystem::path(c.out) / ".checkpoint.safetensors.tmp.999999999.AbCdEf";
  io::write_file_atomic(stale, "half a checkpoint");  // as a run killed mid-write leaves it
  c.epochs = 2;
  (void)run_training(c, quiet(true));
  EXPECT_FALSE(std::filesystem::exists(stale));
}

// One batch per epoch at lr 1e20: the training loss of that batch is finite, the step is not.
TEST(RunFolder, NonFiniteValidationLossIsDivergenceAndNothingIsCheckpointed) {
  const auto dir = testing::fresh_dir("run_nan_val");
  TrainConfig c = blobs(dir, "run");
  c.optimizer = {.name = "sgd", .lr = 1e20};
  c.batch_size = 1000;
  c.epochs = 2;
  try {
    (void)run_training(c, quiet());
    FAIL() << "expected divergence";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("training diverged: the validation loss is nan after epoch 1"), std::string::npos) << what;
    EXPECT_NE(what.find("There is no checkpoint to resume"), std::string::npos) << what;
  }
  EXPECT_FALSE(std::filesystem::exists(checkpoint_path(c.out)));
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(c.out) / "model.safetensors"));
  const json history = read_json(std::filesystem::path(c.out) / "history.json")["epochs"];
  ASSERT_EQ(history.size(), 1u);
  EXPECT_TRUE(history[0]["val_loss"].is_null()) << history.dump();
}

// A checkpoint with a NaN weight (as older versions could write) is refused rather than resumed.
TEST(RunFolder, CheckpointWithNonFiniteWeightsIsNotResumed) {
  const auto dir = testing::fresh_dir("run_nan_checkpoint");
  TrainConfig c = blobs(dir, "run");
  c.epochs = 1;
  (void)run_training(c, quiet());
  Checkpoint ck = load_checkpoint(c.out);
  ck.model.begin()->second.data<float>()[0] = std::nanf("");
  save_checkpoint(c.out, ck);
  c.epochs = 2;
  try {
    (void)run_training(c, quiet(true));
    FAIL() << "expected the checkpoint to be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("holds non-finite weights and cannot be resumed"), std::string::npos)
        << e.what();
  }
}

// A good run continued at a rate that diverges: the checkpoint stays the good one, the error says how
// to resume it at a lower rate, and that resume trains at the new rate.
TEST(RunFolder, DivergenceKeepsTheGoodCheckpointAndResumeTakesALowerRate) {
  const auto dir = testing::fresh_dir("run_diverge_resume");
  TrainConfig c = blobs(dir, "run");
  c.epochs = 2;
  (void)run_training(c, quiet());
  const std::string good = io::read_file(checkpoint_path(c.out));
  c.epochs = 4;
  c.optimizer.lr = 1e20;
  try {
    (void)run_training(c, quiet(true));
    FAIL() << "expected divergence";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("at epoch 3"), std::string::npos) << what;
    EXPECT_NE(what.find("The last good checkpoint (after epoch 2) is in " + c.out +
                        "; continue from it with: nabla train --resume " + c.out + " --lr 1e+19"),
              std::string::npos)
        << what;
  }
  EXPECT_EQ(io::read_file(checkpoint_path(c.out)), good);

  c.optimizer.lr = 0.05;
  const TrainResult r = run_training(c, quiet(true));
  ASSERT_EQ(r.history.epochs.size(), 4u);
  EXPECT_EQ(r.history.epochs[1].lr, 0.1);
  EXPECT_EQ(r.history.epochs[2].lr, 0.05);
  EXPECT_EQ(r.history.epochs[3].lr, 0.05);
  EXPECT_EQ(read_json(std::filesystem::path(c.out) / "config.json")["optimizer"]["lr"], 0.05);
  EXPECT_EQ(load_checkpoint(c.out).config["optimizer"]["lr"], 0.05);
}

// Under a cosine schedule a new rate rescales the schedule too: the remaining epochs run at the rates
// of a run started at the new rate.
TEST(RunFolder, NewRateOnResumeRescalesTheSchedule) {
  const auto dir = testing::fresh_dir("run_resume_cosine");
  TrainConfig c = blobs(dir, "run");
  c.schedule = {.name = "cosine"};
  auto stopper = std::make_shared<StopAt>(2, 0);
  EXPECT_THROW((void)run_training(c, {.progress = stopper, .stop = &stopper->flag}), TrainingInterrupted);
  c.optimizer.lr = 0.02;
  const TrainResult resumed = run_training(c, quiet(true));
  TrainConfig fresh = c;
  fresh.out = (dir / "fresh").string();
  const TrainResult started = run_training(fresh, quiet());
  for (std::size_t e = 2; e < 4; ++e)
    EXPECT_NEAR(resumed.history.epochs[e].lr, started.history.epochs[e].lr, 1e-15) << "epoch " << e + 1;
  EXPECT_EQ(resumed.history.epochs[0].lr, 0.1);
}

}  // namespace
}  // namespace nabla::train
