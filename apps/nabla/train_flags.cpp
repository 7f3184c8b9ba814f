// The flags of a TrainConfig shared by train, search and lr-find, and the base config they describe.
#include "train_flags.h"

#include <string>
#include <vector>

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

}  // namespace

void add_train_flags(CLI::App* cmd, const std::shared_ptr<json>& ov) {
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
  flag<std::string>(cmd, "--init-from", {"init_from"}, "start from these weights (.safetensors, state-dict names)", ov);
}


train::TrainConfig config_from_flags(const std::string& config_file, const json& overrides) {
  train::TrainConfig config;
  if (!config_file.empty()) config = train::config_from_json(train::read_config_file(config_file));
  return train::config_from_json(overrides, config);
}

}  // namespace nabla::cli
