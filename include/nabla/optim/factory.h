// Optimizers and learning-rate schedules by name, for the command line and the trainer.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <nabla/optim/lr_scheduler.h>
#include <nabla/optim/optimizer.h>

namespace nabla::optim {

// -1 means "the default for the name": the optimizer's PyTorch 1.13 default (lr: sgd 0.01 (PyTorch has
// none), adagrad 0.01, rmsprop 0.01, adam/amsgrad/adamw 1e-3, lbfgs 1, newton 1; eps: adagrad 1e-10,
// others 1e-8). Names: sgd (momentum 0), momentum (heavy ball, 0.9), nesterov (0.9), adagrad,
// rmsprop, adam, amsgrad (adam with amsgrad), adamw, lbfgs, newton. weight_decay is passed as given,
// so adamw made here decays only when asked (AdamWOptions alone defaults to PyTorch's 1e-2).
struct OptimizerConfig {
  std::string name = "adam";  // sgd|momentum|nesterov|adagrad|rmsprop|adam|amsgrad|adamw|lbfgs|newton
  double lr = -1;             // -1: the optimizer's PyTorch default (sgd has none in PyTorch: 0.01)
  double momentum = -1;       // -1: default for the name (momentum/nesterov: 0.9; sgd: 0; rmsprop: 0)
  double dampening = 0;
  bool nesterov = false;
  double weight_decay = 0;
  double beta1 = 0.9, beta2 = 0.999;
  double eps = -1;
  bool amsgrad = false;
  double alpha = 0.99;
  bool centered = false;
  double lr_decay = 0;
  double initial_accumulator_value = 0;
  int history_size = 100;
  int max_iter = 20;
  std::string line_search{};  // lbfgs: "" or "strong_wolfe"; newton: "" or "armijo"
  double damping = 0;       // newton's μ
};

struct ScheduleConfig {
  std::string name{};  // ""|step|cosine|plateau|onecycle
  int step_size = 10;
  double gamma = 0.1;
  int t_max = 0;  // cosine: required (> 0)
  double eta_min = 0;
  double factor = 0.1;
  int patience = 10;
  double max_lr = -1;   // onecycle: -1 takes the optimizer's learning rate
  int total_steps = 0;  // onecycle: required (> 0)
};

// The optimizer the config names, over params as one group. Throws std::invalid_argument listing the
// valid names for an unknown name, or naming the option that is out of range.
[[nodiscard]] std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config, std::vector<Tensor> params);

// The schedule the config names on optimizer (which must outlive it); nullptr for "". onecycle cycles
// the momentum (or β₁) when the optimizer has one, as PyTorch does by default. Throws
// std::invalid_argument listing the valid names for an unknown name.
[[nodiscard]] std::unique_ptr<LRScheduler> make_schedule(const ScheduleConfig& config, Optimizer& optimizer);

}  // namespace nabla::optim
