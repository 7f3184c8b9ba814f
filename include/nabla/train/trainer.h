// The training procedure of the lecture as one call: data split into training, validation and test
// sets; a model from a spec, initialised (Xavier) from the seed; epochs of minibatches with a loss,
// optional L2 penalty, optimizer and schedule; validation every epoch; early stopping; checkpoints
// every epoch; the test set evaluated once, at the end.
#pragma once
#include <filesystem>
#include <memory>

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
// result.test left empty, when options.evaluate_test is off), then report.html with plots/ and
// environment.json (run_report.h).
// A config that validate() refuses throws std::invalid_argument before anything is written.
// A non-finite loss stops the run with an error naming the epoch and batch; the last checkpoint stays,
// and history.json and the report show the diverging epoch with its non-finite mean loss.
[[nodiscard]] TrainResult run_training(TrainConfig config, const TrainOptions& options = {});

// The output folder a config resolves to: config.out, or runs/<model>-<UTC time> when empty.
[[nodiscard]] std::filesystem::path resolve_run_dir(const TrainConfig& config);

}  // namespace nabla::train
