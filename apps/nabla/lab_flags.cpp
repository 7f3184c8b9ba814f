// The optimizer hyper-parameter flags of the lab subcommands.
#include "lab_flags.h"

#include "boolean_flag.h"

namespace nabla::cli {

void add_optimizer_flags(CLI::App* cmd, optim::OptimizerConfig& c) {
  cmd->add_option("--lr", c.lr, "learning rate (default: the optimizer's PyTorch default; sgd 0.01)");
  cmd->add_option("--momentum", c.momentum, "momentum (sgd, rmsprop; momentum and nesterov default to 0.9)");
  cmd->add_option("--dampening", c.dampening, "sgd: dampening of the momentum")->capture_default_str();
  add_boolean_flag(cmd, "--nesterov", c.nesterov, "sgd: Nesterov momentum");
  cmd->add_option("--weight-decay", c.weight_decay, "L2 penalty (adamw: decoupled decay)")->capture_default_str();
  cmd->add_option_function<std::vector<double>>(
         "--betas",
         [&c](const std::vector<double>& betas) {
           c.beta1 = betas.at(0);
           c.beta2 = betas.at(1);
         },
         "B1,B2: adam's moment decay rates (default 0.9,0.999)")
      ->delimiter(',')
      ->expected(2);
  cmd->add_option("--eps", c.eps, "term added to the denominator (default: the optimizer's)");
  add_boolean_flag(cmd, "--amsgrad", c.amsgrad, "adam/adamw: AMSGrad");
  cmd->add_option("--alpha", c.alpha, "rmsprop: smoothing constant")->capture_default_str();
  add_boolean_flag(cmd, "--centered", c.centered, "rmsprop: centred (divide by the estimated variance)");
  cmd->add_option("--lr-decay", c.lr_decay, "adagrad: learning-rate decay")->capture_default_str();
  cmd->add_option("--initial-accumulator-value", c.initial_accumulator_value, "adagrad: start of the sum of squares")
      ->capture_default_str();
  cmd->add_option("--history-size", c.history_size, "lbfgs: update history size")->capture_default_str();
  cmd->add_option("--max-iter", c.max_iter, "lbfgs: iterations per step")->capture_default_str();
  cmd->add_option("--line-search", c.line_search, "lbfgs: strong_wolfe; newton: armijo (default: none)");
  cmd->add_option("--damping", c.damping, "newton: Levenberg-Marquardt damping mu in (H + mu I)")->capture_default_str();
}

}  // namespace nabla::cli
