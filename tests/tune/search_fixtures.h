// The base config that the search tests vary: a small MLP on the blobs CSV, trained for 3 epochs.
#pragma once
#include <filesystem>

#include <nabla/train/train_config.h>

#include "../common/train_fixtures.h"

namespace nabla::tune::testing {

inline train::TrainConfig blobs_base(const std::filesystem::path& dir) {
  train::TrainConfig c;
  c.data = train::testing::write_blobs_csv(dir).string();
  c.model = "linear(16)-tanh-linear(3)";
  c.optimizer.name = "sgd";
  c.batch_size = 32;
  c.epochs = 3;
  return c;
}

}  // namespace nabla::tune::testing
