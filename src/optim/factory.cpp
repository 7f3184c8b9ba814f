// make_optimizer and make_schedule: names, the options each reads, and their defaults.
#include <nabla/optim/factory.h>

#include <algorithm>
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

// What one optimizer name reads and its defaults (PyTorch 1.13's; SGD has no default rate there).
struct NameSpec {
  std::string name;
  double lr, momentum, eps;  // momentum and eps: only where fields names them
  std::vector<std::string> fields;
};

const std::vector<NameSpec>& name_specs() {
  static const std::vector<std::string> sgd = {"lr", "momentum", "dampening", "nesterov", "weight_decay"};
  static const std::vector<std::string> adam = {"lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad"};
  static const std::vector<NameSpec> specs = {
      {"sgd", 0.01, 0, 0, sgd},
      {"momentum", 0.01, 0.9, 0, sgd},
      {"nesterov", 0.01, 0.9, 0, {"lr", "momentum", "dampening", "weight_decay"}},
      {"adagrad", 0.01, 0, 1e-10, {"lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"}},
      {"rmsprop", 0.01, 0, 1e-8, {"lr", "alpha", "eps", "weight_decay", "momentum", "centered"}},
      {"adam", 1e-3, 0, 1e-8, adam},
      {"amsgrad", 1e-3, 0, 1e-8, {"lr", "beta1", "beta2", "eps", "weight_decay"}},
      {"adamw", 1e-3, 0, 1e-8, adam},
      {"lbfgs", 1, 0, 0, {"lr", "max_iter", "history_size", "line_search"}},
      {"newton", 1, 0, 0, {"lr", "damping", "line_search"}},
  };
  return specs;
}

std::string listed(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + (n.empty() ? "(none)" : n);
  return s;
}

const NameSpec& spec_of(const std::string& name) {
  for (const NameSpec& s : name_specs())
    if (s.name == name) return s;
  throw std::invalid_argument("unknown optimizer \"" + name + "\"; valid: " + listed(optimizer_names()));
}

bool reads(const NameSpec& s, const std::string& field) {
  return std::find(s.fields.begin(), s.fields.end(), field) != s.fields.end();
}

// c has its defaults filled in (with_defaults).
std::unique_ptr<Optimizer> make_sgd(const OptimizerConfig& c, std::vector<Tensor> params) {
  return std::make_unique<SGD>(std::move(params), SGDOptions{.lr = *c.lr,
                                                             .momentum = *c.momentum,
                                                             .dampening = c.dampening,
                                                             .nesterov = c.nesterov,
                                                             .weight_decay = c.weight_decay});
}

std::unique_ptr<Optimizer> make_adam(const OptimizerConfig& c, std::vector<Tensor> params) {
  if (c.name == "adamw")
    return std::make_unique<AdamW>(std::move(params),
                                   AdamWOptions{.lr = *c.lr, .beta1 = c.beta1, .beta2 = c.beta2, .eps = *c.eps,
                                                .weight_decay = c.weight_decay, .amsgrad = c.amsgrad});
  return std::make_unique<Adam>(std::move(params), AdamOptions{.lr = *c.lr, .beta1 = c.beta1, .beta2 = c.beta2,
                                                               .eps = *c.eps, .weight_decay = c.weight_decay,
                                                               .amsgrad = c.amsgrad});
}

std::unique_ptr<Optimizer> make_second_order(const OptimizerConfig& c, std::vector<Tensor> params) {
  if (c.name == "lbfgs") {
    if (!c.line_search.empty() && c.line_search != "strong_wolfe")
      throw std::invalid_argument("lbfgs: line search \"" + c.line_search + "\" is not one of: (none), strong_wolfe");
    return std::make_unique<LBFGS>(std::move(params), LBFGSOptions{.lr = *c.lr, .max_iter = c.max_iter,
                                                                   .history_size = c.history_size,
                                                                   .line_search_fn = c.line_search});
  }
  if (!c.line_search.empty() && c.line_search != "armijo")
    throw std::invalid_argument("newton: line search \"" + c.line_search + "\" is not one of: (none), armijo");
  return std::make_unique<Newton>(std::move(params), NewtonOptions{.lr = *c.lr, .damping = c.damping,
                                                                   .line_search = c.line_search == "armijo"});
}

}  // namespace

const std::vector<std::string>& optimizer_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const NameSpec& s : name_specs()) n.push_back(s.name);
    return n;
  }();
  return names;
}

const std::vector<std::string>& optimizer_fields(const std::string& name) { return spec_of(name).fields; }

OptimizerConfig with_defaults(OptimizerConfig c) {
  const NameSpec& s = spec_of(c.name);
  if (!c.lr) c.lr = s.lr;
  if (!c.momentum && reads(s, "momentum")) c.momentum = s.momentum;
  if (!c.eps && reads(s, "eps")) c.eps = s.eps;
  if (c.name == "nesterov") c.nesterov = true;
  if (c.name == "amsgrad") c.amsgrad = true;
  return c;
}

const std::vector<std::string>& schedule_names() {
  static const std::vector<std::string> names = {"", "none", "step", "cosine", "plateau", "onecycle"};
  return names;
}

const std::vector<std::string>& schedule_fields(const std::string& name) {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> fields = {
      {"", {}},
      {"none", {}},
      {"step", {"step_size", "gamma"}},
      {"cosine", {"t_max", "eta_min"}},
      {"plateau", {"factor", "patience"}},
      {"onecycle", {"max_lr", "total_steps"}}};
  for (const auto& [n, f] : fields)
    if (n == name) return f;
  throw std::invalid_argument("unknown schedule \"" + name + "\"; valid: " + listed(schedule_names()));
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config, std::vector<Tensor> params) {
  const OptimizerConfig c = with_defaults(config);
  if (c.name == "sgd" || c.name == "momentum" || c.name == "nesterov") return make_sgd(c, std::move(params));
  if (c.name == "adam" || c.name == "amsgrad" || c.name == "adamw") return make_adam(c, std::move(params));
  if (c.name == "lbfgs" || c.name == "newton") return make_second_order(c, std::move(params));
  if (c.name == "adagrad")
    return std::make_unique<Adagrad>(std::move(params),
                                     AdagradOptions{.lr = *c.lr, .lr_decay = c.lr_decay, .weight_decay = c.weight_decay,
                                                    .initial_accumulator_value = c.initial_accumulator_value,
                                                    .eps = *c.eps});
  return std::make_unique<RMSprop>(std::move(params),
                                   RMSpropOptions{.lr = *c.lr, .alpha = c.alpha, .eps = *c.eps,
                                                  .weight_decay = c.weight_decay, .momentum = *c.momentum,
                                                  .centered = c.centered});
}

std::unique_ptr<LRScheduler> make_schedule(const ScheduleConfig& c, Optimizer& optimizer) {
  (void)schedule_fields(c.name);  // an unknown name throws, listing the valid ones
  if (c.name.empty() || c.name == "none") return nullptr;
  if (c.name == "step") return std::make_unique<StepLR>(optimizer, StepLROptions{.step_size = c.step_size, .gamma = c.gamma});
  if (c.name == "cosine") {
    if (!c.t_max) throw std::invalid_argument("cosine schedule: needs t_max (the epochs of one half-period)");
    return std::make_unique<CosineAnnealingLR>(optimizer, CosineAnnealingLROptions{.t_max = *c.t_max, .eta_min = c.eta_min});
  }
  if (c.name == "plateau")
    return std::make_unique<ReduceLROnPlateau>(optimizer, ReduceLROnPlateauOptions{.factor = c.factor, .patience = c.patience});
  if (!c.total_steps) throw std::invalid_argument("onecycle schedule: needs total_steps (batches in the run)");
  return std::make_unique<OneCycleLR>(optimizer, OneCycleLROptions{.max_lr = c.max_lr.value_or(optimizer.lr()),
                                                                   .total_steps = *c.total_steps,
                                                                   .cycle_momentum = optimizer.momentum().has_value()});
}

}  // namespace nabla::optim
