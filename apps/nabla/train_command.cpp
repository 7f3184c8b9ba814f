// `nabla train`: flags and a JSON config file (flags win) into a TrainConfig, then the training run.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include <nabla/train/trainer.h>

#include "commands.h"
#include "run_summary.h"

namespace nabla::cli {
namespace {

using nlohmann::json;

// Each flag writes its value at a path of the config's JSON form, only when given on the command line.
template <class T>
void flag(CLI::App* cmd, const std::string& name, std::vector<std::string> path, const std::string& help,
          const std::shared_ptr<json>& overrides) {
  cmd->add_option_function<T>(
      name,
      [overrides, path](const T& v) {
        json* at = overrides.get();
        for (const std::string& key : path) at = &(*at)[key];
        *at = v;
      },
      help);
}

void add_flags(CLI::App* cmd, const std::shared_ptr<json>& ov) {
  flag<std::string>(cmd, "--data", {"data"}, "fashion-mnist, an IDX folder, a .csv file or an image folder", ov);
  flag<std::string>(cmd, "--model", {"model"}, "neuron | mlp | convnet | a spec such as flatten-linear(128)-relu-linear(10)", ov);
  flag<std::string>(cmd, "--loss", {"loss"}, "cross_entropy | bce | logistic | mse | hinge", ov);
  flag<std::string>(cmd, "--optimizer", {"optimizer", "name"},
                    "sgd | momentum | nesterov | adagrad | rmsprop | adam | amsgrad | adamw | lbfgs | newton", ov);
  flag<double>(cmd, "--lr", {"optimizer", "lr"}, "learning rate", ov);
  flag<double>(cmd, "--momentum", {"optimizer", "momentum"}, "momentum (SGD, RMSprop)", ov);
  flag<double>(cmd, "--dampening", {"optimizer", "dampening"}, "dampening of the momentum (SGD)", ov);
  flag<bool>(cmd, "--nesterov", {"optimizer", "nesterov"}, "Nesterov momentum (SGD)", ov);
  flag<double>(cmd, "--weight-decay", {"optimizer", "weight_decay"}, "weight decay", ov);
  cmd->add_option_function<std::vector<double>>(
         "--betas",
         [ov](const std::vector<double>& b) {
           if (b.size() != 2) throw CLI::ValidationError("--betas", "takes two values B1,B2");
           (*ov)["optimizer"]["beta1"] = b[0];
           (*ov)["optimizer"]["beta2"] = b[1];
         },
         "B1,B2 (Adam, AdamW)")
      ->delimiter(',');
  flag<double>(cmd, "--eps", {"optimizer", "eps"}, "epsilon of the adaptive optimizers", ov);
  flag<bool>(cmd, "--amsgrad", {"optimizer", "amsgrad"}, "AMSGrad variant of Adam", ov);
  flag<double>(cmd, "--alpha", {"optimizer", "alpha"}, "smoothing constant (RMSprop)", ov);
  flag<bool>(cmd, "--centered", {"optimizer", "centered"}, "centered RMSprop", ov);
  flag<double>(cmd, "--lr-decay", {"optimizer", "lr_decay"}, "learning-rate decay (Adagrad)", ov);
  flag<double>(cmd, "--initial-accumulator-value", {"optimizer", "initial_accumulator_value"}, "Adagrad", ov);
  flag<int>(cmd, "--history-size", {"optimizer", "history_size"}, "L-BFGS history", ov);
  flag<int>(cmd, "--max-iter", {"optimizer", "max_iter"}, "L-BFGS iterations per step", ov);
  flag<std::string>(cmd, "--line-search", {"optimizer", "line_search"}, "strong_wolfe (L-BFGS)", ov);
  flag<double>(cmd, "--damping", {"optimizer", "damping"}, "mu of H + mu I (Newton)", ov);
  flag<std::string>(cmd, "--schedule", {"schedule", "name"}, "step | cosine | plateau | onecycle", ov);
  flag<int>(cmd, "--step-size", {"schedule", "step_size"}, "epochs between decays (step)", ov);
  flag<double>(cmd, "--gamma", {"schedule", "gamma"}, "decay factor (step)", ov);
  flag<int64_t>(cmd, "--batch-size", {"batch_size"}, "minibatch size", ov);
  flag<int64_t>(cmd, "--epochs", {"epochs"}, "epochs to train", ov);
  flag<double>(cmd, "--val-fraction", {"val_fraction"}, "validation share of the training data", ov);
  flag<double>(cmd, "--test-fraction", {"test_fraction"}, "test share, for data without a test set", ov);
  flag<uint64_t>(cmd, "--seed", {"seed"}, "seed of initialisation, shuffling, splits and dropout", ov);
  flag<int>(cmd, "--threads", {"threads"}, "threads (default: every core)", ov);
  flag<int64_t>(cmd, "--early-stopping", {"early_stopping"}, "patience in epochs on validation loss (0: off)", ov);
  flag<double>(cmd, "--l2", {"l2"}, "L2 penalty lambda/2 |w|^2 on weights", ov);
  flag<bool>(cmd, "--normalize", {"normalize"}, "standardise inputs with training statistics", ov);
  flag<int64_t>(cmd, "--limit-train", {"limit_train"}, "train on the first N samples only", ov);
  flag<int64_t>(cmd, "--limit-test", {"limit_test"}, "evaluate on the first N samples only", ov);
  flag<std::string>(cmd, "--out", {"out"}, "output folder (default runs/<model>-<time>)", ov);
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto overrides = std::make_shared<json>(json::object());
  auto config_file = std::make_shared<std::string>();
  auto resume = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("train", "Train a model (default: the ConvNet on Fashion-MNIST)");
  cmd->add_option("--config", *config_file, "JSON config file; flags override it");
  cmd->add_option("--resume", *resume, "continue the run in this folder from its last checkpoint");
  cmd->add_flag("--json", *as_json, "print the result as JSON");
  add_flags(cmd, overrides);
  cmd->callback([=] {
    train::TrainConfig config;
    train::TrainOptions options;
    if (!resume->empty()) {
      if (!config_file->empty()) throw std::invalid_argument("--resume takes the run's own config; drop --config");
      for (const auto& [key, value] : overrides->items())
        if (key != "epochs" && key != "threads")
          throw std::invalid_argument("--resume takes the run's own config; only --epochs and --threads may change");
      config = train::config_from_json(train::load_checkpoint(*resume).config);
      config.out = *resume;
      options.resume = true;
    } else if (!config_file->empty()) {
      config = train::config_from_json(train::read_config_file(*config_file));
    }
    config = train::config_from_json(*overrides, config);
    const train::TrainResult result = train::run_training(config, options);
    print_run_summary(result, *as_json);
  });
}

}  // namespace nabla::cli
