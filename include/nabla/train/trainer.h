// The training procedure of the lecture as one call: data split into training, validation and test
// sets; a model from a spec, initialised (Xavier) from the seed; epochs of minibatches with a loss,
// optional L2 penalty, optimizer and schedule; validation every epoch; early stopping; checkpoints
// every epoch; the test set evaluated once, at the end. Under mpirun, data-parallel over the processes.
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
  // Called after the gradients of each step; default: none. (A data-parallel run averages the gradients
  // over its processes first, with its own AllReduceGradients.)
  std::shared_ptr<GradientReducer> reducer{};
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

// Thrown when the training loss, the validation loss or the weights stop being finite; its message names
// the epoch (and batch) and how to continue. Every rank of a data-parallel run throws it at once.
class TrainingDiverged : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TrainResult {
  std::filesystem::path out;
  History history{};
  Evaluation validation{}, test{};
  int64_t best_epoch = 0;
  bool stopped_early = false;
  int world_size = 1;              // the processes that trained it (dist::world_size())
  double samples_per_second = 0;   // training samples of the whole job per second of training, this call
  double waiting_fraction = 0;     // of the training time, spent by this rank waiting for the others
  double bucket_copy_fraction = 0;  // of the training time, spent copying gradients into all-reduce buckets
};

// In a data-parallel run (more than one process in dist's world) every rank calls it with the same config
// and data (checked: a difference fails every rank) and trains on its share of each batch (the global
// batch, config.batch_size, must be a multiple of the ranks); gradients are averaged over the ranks in
// buckets during backward, validation and test are sharded and reduced, every rank returns the same
// result, and rank 0 alone writes the folder. Each rank's failure fails every rank: the rank that saw
// it throws its error, the others dist::PeerFailure.
// Writes into config.out: config.json, model.safetensors (the final weights, PyTorch state-dict names),
// checkpoint.safetensors, history.csv, history.json and metrics.json (without a test section, and with
// result.test left empty, when options.evaluate_test is off), then calls options.render_report.
// A config that validate() refuses throws std::invalid_argument before anything is written.
// The folder has one writer at a time: the run holds an io::FolderLock on it throughout, and a second
// run_training on it throws naming the holder's pid (before loading any data); temporaries a killed
// run left are removed at the start.
// Divergence — a non-finite training loss, validation loss or weight — stops the run with a
// TrainingDiverged naming the epoch (and batch), and the last good checkpoint with the command
// that resumes it at a lower rate when there is one. Non-finite weights are never checkpointed;
// history.json and the report show the diverging epoch with its non-finite loss.
// On resume, a config whose learning rate differs from the checkpoint's scales every saved rate
// (scale_learning_rates) and records the new rate in config.json and the checkpoints.
[[nodiscard]] TrainResult run_training(TrainConfig config, const TrainOptions& options = {});

// The output folder a config resolves to: config.out, or runs/<model>-<UTC time> when empty.
[[nodiscard]] std::filesystem::path resolve_run_dir(const TrainConfig& config);

}  // namespace nabla::train
