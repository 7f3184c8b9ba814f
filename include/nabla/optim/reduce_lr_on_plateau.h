// ReduceLROnPlateau: lowers the learning rate when a monitored metric stops improving, as
// torch.optim.lr_scheduler.ReduceLROnPlateau. At each step(metric):
//   improved = metric < best·(1 − threshold)   (mode min, threshold_mode rel; min/abs: best − threshold;
//              max/rel: best·(1 + threshold); max/abs: best + threshold)
//   improved: best ← metric, bad ← 0; otherwise bad ← bad + 1
//   in cooldown: cooldown_counter ← cooldown_counter − 1, bad ← 0
//   bad > patience: lr ← max(lr·factor, min_lr) (only if that lowers it by more than eps),
//                   cooldown_counter ← cooldown, bad ← 0
// PyTorch's defaults: mode min, factor 0.1, patience 10, threshold 1e-4, threshold_mode rel,
// cooldown 0, min_lr 0, eps 1e-8.
#pragma once
#include <cstdint>
#include <string>

#include <nabla/optim/lr_scheduler.h>

namespace nabla::optim {

struct ReduceLROnPlateauOptions {
  std::string mode = "min";  // "min" or "max"
  double factor = 0.1;
  int patience = 10;
  double threshold = 1e-4;
  std::string threshold_mode = "rel";  // "rel" or "abs"
  int cooldown = 0;
  double min_lr = 0;
  double eps = 1e-8;
};

class ReduceLROnPlateau final : public LRScheduler {
 public:
  ReduceLROnPlateau(Optimizer& optimizer, const ReduceLROnPlateauOptions& options = {});
  // Throws std::invalid_argument: this schedule needs the metric.
  void step() override;
  void step(double metric) override;
  [[nodiscard]] bool needs_metric() const override { return true; }
  [[nodiscard]] std::string name() const override { return "plateau"; }

  [[nodiscard]] double best() const { return best_; }
  [[nodiscard]] int num_bad_epochs() const { return num_bad_epochs_; }

  // Adds "best", "num_bad_epochs" and "cooldown_counter".
  [[nodiscard]] OptimizerState state_dict() const override;
  void load_state_dict(const OptimizerState& state) override;

 private:
  [[nodiscard]] bool is_better(double a) const;

  ReduceLROnPlateauOptions options_;
  double best_;
  int num_bad_epochs_ = 0, cooldown_counter_ = 0;
};

}  // namespace nabla::optim
