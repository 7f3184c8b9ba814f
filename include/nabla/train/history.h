// History: one record per epoch of a training run (losses, accuracies, learning rate, gradient norm,
// time, and per layer the gradient norm, update ratio and dead ReLUs), and the sharpness of the minimum
// the run ended in; written as history.csv and history.json and read back for resume, the doctor and
// the report.
#pragma once
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
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
  // Per parameterised layer, in the order of History::layers: the mean over the epoch's steps of the
  // L2 norm of the layer's gradient, and of the update ratio ‖Δw‖/‖w‖ of its step. Empty: not measured
  // (a history of an earlier version, or an epoch resumed from such a version's checkpoint).
  std::vector<double> layer_grad_norm{}, layer_update_ratio{};
  // Per ReLU layer, in the order of History::relu_layers: the share of its units (features, or channels
  // of an image) that output 0 for every sample of the validation batch after the epoch. Empty: not
  // measured.
  std::vector<double> dead_relu{};
};

// The largest eigenvalue of the training loss's Hessian at the weights a run ended with: a sharp minimum
// (large λ_max) is sensitive to noise. Gradient descent at learning rate lr is stable only where
// λ_max < 2/lr, the stability bound beside it.
struct Sharpness {
  double lambda_max = std::numeric_limits<double>::quiet_NaN();
  double lr = 0;  // the last epoch's learning rate
  double stability_bound = std::numeric_limits<double>::quiet_NaN();  // 2/lr
  int64_t samples = 0;      // of the fixed training batch the loss is taken on
  int64_t iterations = 0;   // Hessian-vector products of the power iteration
  bool converged = false;   // it met its tolerance within its iterations
  std::string skipped{};    // why it was not measured; empty when it was
};

// A layer with trainable parameters: layer "0" holds "0.weight" and "0.bias".
struct LayerInfo {
  std::string name{};
  int64_t parameters = 0;  // its trainable values
};

// {"lambda_max", "lr", "stability_bound", "samples", "iterations", "converged"}, or {"skipped": why}.
[[nodiscard]] nlohmann::json to_json(const Sharpness& s);

struct History {
  std::vector<LayerInfo> layers{};
  std::vector<std::string> relu_layers{};  // the model's ReLU layers
  std::vector<EpochRecord> epochs;
  std::optional<Sharpness> sharpness{};    // measured once training ended; absent before, or in old runs

  [[nodiscard]] std::string to_csv() const;
  [[nodiscard]] nlohmann::json to_json() const;
  [[nodiscard]] static History from_json(const nlohmann::json& j);
  // Writes history.csv and history.json into dir, each atomically.
  void write(const std::filesystem::path& dir) const;
};

}  // namespace nabla::train
