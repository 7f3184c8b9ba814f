// History: one record per epoch of a training run (losses, accuracies, learning rate, gradient norm,
// time), written as history.csv and history.json and read back for resume, the doctor and the report.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace nabla::train {

struct EpochRecord {
  int64_t epoch = 0;  // 1-based
  double train_loss = 0, train_accuracy = 0;
  double val_loss = 0, val_accuracy = 0;
  double lr = 0;
  double grad_norm = 0;  // mean over the epoch's batches of the global L2 norm of the gradient
  double grad_norm_max = 0;
  double seconds = 0;
};

struct History {
  std::vector<EpochRecord> epochs;

  [[nodiscard]] std::string to_csv() const;
  [[nodiscard]] nlohmann::json to_json() const;
  [[nodiscard]] static History from_json(const nlohmann::json& j);
  // Writes history.csv and history.json into dir, each atomically.
  void write(const std::filesystem::path& dir) const;
};

}  // namespace nabla::train
