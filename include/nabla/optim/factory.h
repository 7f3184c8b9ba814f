// Optimizers and learning-rate schedules by name, for the command line and the trainer.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nabla/optim/lr_scheduler.h>
#include <nabla/optim/optimizer.h>

namespace nabla::optim {

// Names: sgd (momentum 0), momentum (heavy ball, 0.9), nesterov (0.9), adagrad, rmsprop, adam, amsgrad
// (adam with amsgrad), adamw, lbfgs, newton. An unset option takes the default for the name, PyTorch
// 1.13's (with_defaults). weight_decay is passed as given, so adamw made here decays only when asked
// (AdamWOptions alone defaults to PyTorch's 1e-2).
struct OptimizerConfig {
  std::string name = "adam";  // sgd|momentum|nesterov|adagrad|rmsprop|adam|amsgrad|adamw|lbfgs|newton
  // unset: sgd, momentum, nesterov 0.01 (PyTorch has none for SGD), adagrad 0.01, rmsprop 0.01,
  // adam, amsgrad, adamw 1e-3, lbfgs 1, newton 1
  std::optional<double> lr{};
  std::optional<double> momentum{};  // unset: momentum and nesterov 0.9, sgd and rmsprop 0
  double dampening = 0;
  bool nesterov = false;
  double weight_decay = 0;
  double beta1 = 0.9, beta2 = 0.999;
  std::optional<double> eps{};  // unset: adagrad 1e-10, the others 1e-8
  bool amsgrad = false;
  double alpha = 0.99;
  bool centered = false;
  double lr_decay = 0;
  double initial_accumulator_value = 0;
  int history_size = 100;
  int max_iter = 20;
  std::string line_search{};  // lbfgs: "" or "strong_wolfe"; newton: "" or "armijo"
  double damping = 0;         // newton's μ
};

struct ScheduleConfig {
  std::string name{};  // "" or none|step|cosine|plateau|onecycle
  int step_size = 10;
  double gamma = 0.1;
  std::optional<int> t_max{};  // cosine: required (the trainer sets the run's epochs)
  double eta_min = 0;
  double factor = 0.1;
  int patience = 10;
  std::optional<double> max_lr{};   // onecycle; unset: the optimizer's learning rate
  std::optional<int> total_steps{};  // onecycle: required (the trainer sets the run's batches)
};

// The optimizer names make_optimizer knows, and the OptimizerConfig fields each one reads ("lr",
// "momentum", …; name aside). nesterov and amsgrad are implied by the names nesterov and amsgrad.
// optimizer_fields throws std::invalid_argument listing the names for an unknown one.
[[nodiscard]] const std::vector<std::string>& optimizer_names();
[[nodiscard]] const std::vector<std::string>& optimizer_fields(const std::string& name);

// The config with the defaults of its name filled in (lr, and momentum and eps where the name uses
// them) and nesterov / amsgrad set when the name implies them: the options make_optimizer builds.
[[nodiscard]] OptimizerConfig with_defaults(OptimizerConfig config);

// The schedule names make_schedule knows ("" and none: no schedule) and the ScheduleConfig fields each
// reads; schedule_fields throws std::invalid_argument listing the names for an unknown one.
[[nodiscard]] const std::vector<std::string>& schedule_names();
[[nodiscard]] const std::vector<std::string>& schedule_fields(const std::string& name);

// The optimizer the config names, over params as one group. Throws std::invalid_argument listing the
// valid names for an unknown name, or naming the option that is out of range.
[[nodiscard]] std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config, std::vector<Tensor> params);

// The schedule the config names on optimizer (which must outlive it); nullptr for "" and none.
// onecycle cycles the momentum (or β₁) when the optimizer has one, as PyTorch does by default. Throws
// std::invalid_argument listing the valid names for an unknown name.
[[nodiscard]] std::unique_ptr<LRScheduler> make_schedule(const ScheduleConfig& config, Optimizer& optimizer);

}  // namespace nabla::optim
