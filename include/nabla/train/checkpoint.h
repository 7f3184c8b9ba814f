// Checkpoints: everything a run needs to continue bit for bit — weights, optimizer and schedule state,
// the best weights so far, epoch, history, random state and config — in ONE safetensors file written
// atomically, so a kill at any moment leaves the previous checkpoint whole.
#pragma once
#include <cstdint>
#include <filesystem>
#include <limits>
#include <vector>

#include <nlohmann/json.hpp>

#include <nabla/tensor/random.h>
#include <nabla/train/history.h>
#include <nabla/train/safetensors.h>

namespace nabla::train {

// The sums of an epoch in progress. A checkpoint written between two batches (when a run is stopped)
// holds them, so that the resumed epoch ends with the record an uninterrupted one would have.
struct EpochProgress {
  int64_t batches = 0;  // batches trained in the epoch; 0: the checkpoint lies at an epoch boundary
  int64_t seen = 0, correct = 0;
  double loss_sum = 0, grad_norm_sum = 0, grad_norm_max = 0;
  double lr = 0;       // the rate at the epoch's start, which its record shows
  double seconds = 0;  // training time spent on the epoch so far
  // Per layer of History::layers, the sums of the steps' gradient norms and update ratios; empty in the
  // checkpoints of earlier versions, whose resumed epoch then records no per-layer values.
  std::vector<double> layer_grad_norm_sum{}, layer_update_ratio_sum{};
};

struct TrainerState {
  int64_t epoch = 0;  // epochs completed
  EpochProgress partial{};  // of epoch + 1, when the run stopped inside it
  History history;
  double best_val_loss = std::numeric_limits<double>::infinity();
  int64_t best_epoch = 0;
  int64_t stale_epochs = 0;  // epochs since the best validation loss
  Generator::State dropout_rng{};  // rank 0's
  // The dropout generators of ranks 1, 2, … of the data-parallel run that wrote the checkpoint.
  std::vector<Generator::State> dropout_rng_ranks{};
  int64_t world_size = 1;  // the processes of the run that wrote it (a resumed run may use another count)
};

struct Checkpoint {
  TensorMap model, optimizer, schedule, best_model;
  TrainerState state;
  nlohmann::json config;
};

// The checkpoint file inside a run folder.
[[nodiscard]] std::filesystem::path checkpoint_path(const std::filesystem::path& run_dir);

void save_checkpoint(const std::filesystem::path& run_dir, const Checkpoint& checkpoint);
// Throws naming the file when it is missing or damaged.
[[nodiscard]] Checkpoint load_checkpoint(const std::filesystem::path& run_dir);
// load_checkpoint for every rank of a data-parallel run (a collective): rank 0 reads the file and sends it
// to the others, so that only rank 0's machine needs the run folder. Rank 0's errors reach every rank.
[[nodiscard]] Checkpoint load_checkpoint_from_rank0(const std::filesystem::path& run_dir);

// Multiplies every learning rate in the checkpoint's optimizer and schedule state (each group's rate,
// the schedule's base and last rates) by factor, so that the resumed run goes on as if it had started
// at factor times its rate: exactly so at a constant rate and under step, cosine (eta_min 0) and
// one-cycle schedules; a plateau schedule's reductions keep their min_lr floor.
void scale_learning_rates(Checkpoint& checkpoint, double factor);

}  // namespace nabla::train
