// Checkpoints: everything a run needs to continue bit for bit — weights, optimizer and schedule state,
// the best weights so far, epoch, history, random state and config — in ONE safetensors file written
// atomically, so a kill at any moment leaves the previous checkpoint whole.
#pragma once
#include <cstdint>
#include <filesystem>
#include <limits>

#include <nlohmann/json.hpp>

#include <nabla/tensor/random.h>
#include <nabla/train/history.h>
#include <nabla/train/safetensors.h>

namespace nabla::train {

struct TrainerState {
  int64_t epoch = 0;  // epochs completed
  History history;
  double best_val_loss = std::numeric_limits<double>::infinity();
  int64_t best_epoch = 0;
  int64_t stale_epochs = 0;  // epochs since the best validation loss
  Generator::State dropout_rng{};
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

}  // namespace nabla::train
