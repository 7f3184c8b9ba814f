// The training procedure of the lecture as one call: data split into training, validation and test
// sets; a model from a spec, initialised (Xavier) from the seed; epochs of minibatches with a loss,
// optional L2 penalty, optimizer and schedule; validation every epoch; early stopping; checkpoints
// every epoch; the test set evaluated once, at the end.
#pragma once
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include <nabla/train/checkpoint.h>
#include <nabla/train/evaluate.h>
#include <nabla/train/gradient_reducer.h>
#include <nabla/train/progress.h>
#include <nabla/train/train_config.h>

namespace nabla::train {

struct TrainOptions {
  bool resume = false;  // continue the run in config.out from its checkpoint
  std::shared_ptr<ProgressReporter> progress{};   // default: make_progress()
  std::shared_ptr<GradientReducer> reducer{};     // default: none (one process)
  bool evaluate_test = true;  // false leaves the test set untouched (a search scores only its winner)
  // Read after every batch: once true, the run finishes the batch, writes a checkpoint and throws
  // TrainingInterrupted. Made to be set from a signal handler (the CLI's, for SIGINT and SIGTERM).
  const std::atomic<bool>* stop = nullptr;
  // Renders the run folder for people (report::write_run_report writes report.html and its plots): called
  // when the run's files are complete and after a diverging epoch was recorded. The training loop
  // records; presenting is the caller's choice. Default: none.
  std::function<void(const std::filesystem::path& run_dir)> render_report{};
};

// Thrown when TrainOptions::stop ended a run. Its checkpoint holds the run up to the last finished
// batch, mid-epoch included, and resuming continues it bit for bit as if it had never stopped.
class TrainingInterrupted : public std::runtime_error {
 public:
  // position: where the checkpoint stands ("at epoch 3, batch 17").
  TrainingInterrupted(const std::filesystem::path& dir, const std::string& position);
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

struct TrainResult {
  std::filesystem::path out;
  History history{};
  Evaluation validation{}, test{};
  int64_t best_epoch = 0;
  bool stopped_early = false;
};

// Writes into config.out: config.json, model.safetensors (the final weights, PyTorch state-dict names),
// checkpoint.safetensors, history.csv, history.json and metrics.json (without a test section, and with
// result.test left empty, when options.evaluate_test is off), then calls options.render_report.
// A config that validate() refuses throws std::invalid_argument before anything is written.
// The folder has one writer at a time: the run holds an io::FolderLock on it throughout, and a second
// run_training on it throws naming the holder's pid (before loading any data); temporaries a killed
// run left are removed at the start.
// Divergence — a non-finite training loss, validation loss or weight — stops the run with a
// std::runtime_error naming the epoch (and batch), and the last good checkpoint with the command
// that resumes it at a lower rate when there is one. Non-finite weights are never checkpointed;
// history.json and the report show the diverging epoch with its non-finite loss.
// On resume, a config whose learning rate differs from the checkpoint's scales every saved rate
// (scale_learning_rates) and records the new rate in config.json and the checkpoints.
[[nodiscard]] TrainResult run_training(TrainConfig config, const TrainOptions& options = {});

// The output folder a config resolves to: config.out, or runs/<model>-<UTC time> when empty.
[[nodiscard]] std::filesystem::path resolve_run_dir(const TrainConfig& config);

}  // namespace nabla::train
