// make_optimizer and make_schedule: names and defaults mapped onto the option aggregates.
#include <nabla/optim/factory.h>

#include <stdexcept>

#include <nabla/optim/adagrad.h>
#include <nabla/optim/adam.h>
#include <nabla/optim/adamw.h>
#include <nabla/optim/cosine_annealing_lr.h>
#include <nabla/optim/lbfgs.h>
#include <nabla/optim/newton.h>
#include <nabla/optim/one_cycle_lr.h>
#include <nabla/optim/reduce_lr_on_plateau.h>
#include <nabla/optim/rmsprop.h>
#include <nabla/optim/sgd.h>
#include <nabla/optim/step_lr.h>

namespace nabla::optim {
namespace {

// The value, or the default when it is the -1 sentinel.
double or_default(double value, double fallback) { return value == -1 ? fallback : value; }

std::unique_ptr<Optimizer> make_sgd(const OptimizerConfig& c, std::vector<Tensor> params) {
  const bool heavy = c.name != "sgd";
  return std::make_unique<SGD>(std::move(params), SGDOptions{.lr = or_default(c.lr, 0.01),
                                                             .momentum = or_default(c.momentum, heavy ? 0.9 : 0),
                                                             .dampening = c.dampening,
                                                             .nesterov = c.nesterov || c.name == "nesterov",
                                                             .weight_decay = c.weight_decay});
}

std::unique_ptr<Optimizer> make_adam(const OptimizerConfig& c, std::vector<Tensor> params) {
  const bool amsgrad = c.amsgrad || c.name == "amsgrad";
  if (c.name == "adamw")
    return std::make_unique<AdamW>(std::move(params),
                                   AdamWOptions{.lr = or_default(c.lr, 1e-3), .beta1 = c.beta1, .beta2 = c.beta2,
                                                .eps = or_default(c.eps, 1e-8), .weight_decay = c.weight_decay,
                                                .amsgrad = amsgrad});
  return std::make_unique<Adam>(std::move(params),
                                AdamOptions{.lr = or_default(c.lr, 1e-3), .beta1 = c.beta1, .beta2 = c.beta2,
                                            .eps = or_default(c.eps, 1e-8), .weight_decay = c.weight_decay,
                                            .amsgrad = amsgrad});
}

std::unique_ptr<Optimizer> make_second_order(const OptimizerConfig& c, std::vector<Tensor> params) {
  if (c.name == "lbfgs") {
    if (!c.line_search.empty() && c.line_search != "strong_wolfe")
      throw std::invalid_argument("lbfgs: line search \"" + c.line_search + "\" is not one of: (none), strong_wolfe");
    return std::make_unique<LBFGS>(std::move(params), LBFGSOptions{.lr = or_default(c.lr, 1), .max_iter = c.max_iter,
                                                                   .history_size = c.history_size,
                                                                   .line_search_fn = c.line_search});
  }
  if (!c.line_search.empty() && c.line_search != "armijo")
    throw std::invalid_argument("newton: line search \"" + c.line_search + "\" is not one of: (none), armijo");
  return std::make_unique<Newton>(std::move(params), NewtonOptions{.lr = or_default(c.lr, 1), .damping = c.damping,
                                                                   .line_search = c.line_search == "armijo"});
}

}  // namespace

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& c, std::vector<Tensor> params) {
  if (c.name == "sgd" || c.name == "momentum" || c.name == "nesterov") return make_sgd(c, std::move(params));
  if (c.name == "adam" || c.name == "amsgrad" || c.name == "adamw") return make_adam(c, std::move(params));
  if (c.name == "lbfgs" || c.name == "newton") return make_second_order(c, std::move(params));
  if (c.name == "adagrad")
    return std::make_unique<Adagrad>(std::move(params),
                                     AdagradOptions{.lr = or_default(c.lr, 1e-2), .lr_decay = c.lr_decay,
                                                    .weight_decay = c.weight_decay,
                                                    .initial_accumulator_value = c.initial_accumulator_value,
                                                    .eps = or_default(c.eps, 1e-10)});
  if (c.name == "rmsprop")
    return std::make_unique<RMSprop>(std::move(params),
                                     RMSpropOptions{.lr = or_default(c.lr, 1e-2), .alpha = c.alpha,
                                                    .eps = or_default(c.eps, 1e-8), .weight_decay = c.weight_decay,
                                                    .momentum = or_default(c.momentum, 0), .centered = c.centered});
  throw std::invalid_argument("unknown optimizer \"" + c.name +
                              "\"; valid: sgd, momentum, nesterov, adagrad, rmsprop, adam, amsgrad, adamw, lbfgs, newton");
}

std::unique_ptr<LRScheduler> make_schedule(const ScheduleConfig& c, Optimizer& optimizer) {
  if (c.name.empty()) return nullptr;
  if (c.name == "step") return std::make_unique<StepLR>(optimizer, StepLROptions{.step_size = c.step_size, .gamma = c.gamma});
  if (c.name == "cosine") {
    if (c.t_max <= 0) throw std::invalid_argument("cosine schedule: needs t_max > 0 (the epochs of one half-period)");
    return std::make_unique<CosineAnnealingLR>(optimizer, CosineAnnealingLROptions{.t_max = c.t_max, .eta_min = c.eta_min});
  }
  if (c.name == "plateau")
    return std::make_unique<ReduceLROnPlateau>(optimizer, ReduceLROnPlateauOptions{.factor = c.factor, .patience = c.patience});
  if (c.name == "onecycle") {
    if (c.total_steps <= 0) throw std::invalid_argument("onecycle schedule: needs total_steps > 0 (batches in the run)");
    return std::make_unique<OneCycleLR>(optimizer, OneCycleLROptions{.max_lr = or_default(c.max_lr, optimizer.lr()),
                                                                     .total_steps = c.total_steps,
                                                                     .cycle_momentum = optimizer.momentum().has_value()});
  }
  throw std::invalid_argument("unknown schedule \"" + c.name + "\"; valid: (none), step, cosine, plateau, onecycle");
}

}  // namespace nabla::optim
