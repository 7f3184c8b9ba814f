// The state of a training run while it lives, shared by the trainer's files: its set-up (run_setup.cpp),
// its optimizer steps (train_step.cpp) and its epochs and checkpoints (trainer.cpp).
#pragma once
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nabla/data/data_loader.h>
#include <nabla/io/folder_lock.h>
#include <nabla/loss/loss_factory.h>
#include <nabla/nn/sequential.h>
#include <nabla/optim/lr_scheduler.h>
#include <nabla/optim/optimizer.h>
#include <nabla/tensor/random.h>
#include <nabla/train/checkpoint.h>
#include <nabla/train/data_splits.h>
#include <nabla/train/gradient_reducer.h>
#include <nabla/train/layer_health.h>
#include <nabla/train/train_config.h>

namespace nabla::train::detail {

struct Run {
  io::FolderLock lock;     // first, so that it is released last; rank 0's alone
  TrainConfig config;     // as given: what the checkpoint keeps
  TrainConfig effective;  // every default resolved: what config.json shows
  std::function<void(const std::filesystem::path&)> render_report;  // TrainOptions::render_report
  std::filesystem::path dir;
  int rank = 0, world = 1;  // this process and the run's processes (dist::rank(), dist::world_size())
  DataSplits data;
  std::shared_ptr<Generator> dropout_gen;  // this rank's
  std::shared_ptr<nn::Sequential> model;
  std::string model_spec;  // the spec it was built from, preset expanded and head sized (model_spec_of)
  loss::Loss loss;
  std::unique_ptr<optim::Optimizer> optimizer;
  std::unique_ptr<optim::LRScheduler> schedule;
  std::vector<Tensor> params, weights;  // trainable parameters; those the L2 penalty applies to
  LayerIndex layers;                     // the layers of params
  std::vector<Tensor> step_start;        // params' values before the current step (train_step.cpp)
  Tensor relu_probe;  // the validation batch that dead ReLUs are counted on; undefined: no ReLU layers
  std::unique_ptr<AllReduceGradients> all_reduce;  // in a world of more than one
  TrainerState state;
  TensorMap best_model;
  double initial_lr = 0;        // the rate the config resolves to, before any schedule
  std::string last_checkpoint;  // where the checkpoint on disk stands ("after epoch 2"); empty: none
  std::string resume_note;      // what resuming found, for the progress output
  double train_seconds = 0;     // in train_epoch, this invocation
  int64_t trained_samples = 0;  // over every rank, this invocation
  double wait_seconds = 0;      // of train_seconds, waiting for the other ranks to agree on a batch

  // Rank 0 alone writes the run folder; the other ranks never touch it.
  [[nodiscard]] bool writer() const { return rank == 0; }
};

// Locks the run folder (rank 0; creating it), loads the data, builds the model and optimizer, checks that
// every rank has the same config and data, and loads the checkpoint (resume) or shares rank 0's initial
// weights. A failure on any rank fails every rank (dist::fail_together); a set-up that fails leaves no
// folder of its own making behind.
[[nodiscard]] Run make_run(const TrainConfig& config, bool resume);

// Where a checkpoint with this state stands: "after epoch 2", or "at epoch 3, batch 17" mid-epoch.
[[nodiscard]] std::string checkpoint_position(const TrainerState& s);
[[nodiscard]] std::string number_text(double v);
// Whether every value is finite.
[[nodiscard]] bool all_finite(const TensorMap& tensors);

// What one optimizer step did, over every rank.
struct StepRecord {
  double loss_sum = 0;  // Σ loss × samples over the step's batches; not finite when it diverged
  int64_t samples = 0, correct = 0;
  double grad_norm = 0;  // ‖g‖₂ of the gradient the step used (after averaging over the ranks)
  std::vector<double> layer_grad_norm{};     // per layer of Run::layers, of the same gradient
  std::vector<double> layer_update_ratio{};  // per layer, ‖Δw‖/‖w‖ of the step
  bool stop = false;     // some rank was asked to stop (a data-parallel run's ranks agree on it)
};

// The training loss of a batch as the steps take it: the loss of the model's output, plus the L2 penalty
// when the config has one; the output goes to *out when out is given.
[[nodiscard]] Tensor batch_loss(Run& r, const data::Batch& b, Tensor* out = nullptr);

// One optimizer step on a group of batches (one, or up to config.accumulate): its closure zeroes the
// gradients, runs forward and backward over each batch with its loss weighted by its share of the group's
// samples over every rank, all-reduces the gradients once (with the last batch's backward), calls the
// caller's reducer, and returns the mean loss; recorded at the first evaluation (L-BFGS evaluates again),
// with the update ratios of the whole step.
[[nodiscard]] StepRecord step_on_group(Run& r, const std::vector<data::Batch>& group, GradientReducer* reducer,
                                       const std::atomic<bool>* stop);

}  // namespace nabla::train::detail
