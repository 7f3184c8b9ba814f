// The flags of a TrainConfig shared by train, search and lr-find, and the base config they describe.
#include "train_flags.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nabla/optim/factory.h>
#include <nabla/train/config_fields.h>
#include <nabla/train/fine_tuning.h>

#include "boolean_flag.h"

namespace nabla::cli {
namespace {

using nlohmann::json;

enum class Kind { text, number, boolean };

struct Flag {
  std::string name;  // --lr
  std::string key;   // optimizer.lr
  Kind kind;
  std::string help;
};

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

// What each optimizer takes when --lr, --momentum or --eps is not given.
std::string optimizer_defaults(const std::string& field) {
  std::string s;
  for (const std::string& name : optim::optimizer_names()) {
    const optim::OptimizerConfig o = optim::with_defaults({.name = name});
    const std::optional<double> v = field == "lr" ? o.lr : field == "momentum" ? o.momentum : o.eps;
    if (v) s += (s.empty() ? "" : ", ") + name + " " + number_text(*v);
  }
  return s;
}

const std::vector<Flag>& flags() {
  static const std::vector<Flag> table = {
      {"--data", "data", Kind::text, "fashion-mnist, an IDX folder, a .csv file or an image folder"},
      {"--model", "model", Kind::text,
       "neuron | mlp | convnet | resnet20 | a spec such as flatten-linear(128)-relu-linear(10)"},
      {"--init", "init", Kind::text, "xavier | kaiming: how Linear and Conv2d weights are drawn (default xavier)"},
      {"--loss", "loss", Kind::text, "cross_entropy | bce | logistic | mse | hinge"},
      {"--label-smoothing", "label_smoothing", Kind::number,
       "cross_entropy's targets (1 - e) onehot + e/C, e in [0, 1] (torch's label_smoothing)"},
      {"--optimizer", "optimizer.name", Kind::text,
       "sgd | momentum | nesterov | adagrad | rmsprop | adam | amsgrad | adamw | lbfgs | newton"},
      {"--lr", "optimizer.lr", Kind::number, "learning rate > 0 (default: " + optimizer_defaults("lr") + ")"},
      {"--momentum", "optimizer.momentum", Kind::number,
       "momentum in [0, 1) (sgd, momentum, nesterov, rmsprop; default: " + optimizer_defaults("momentum") + ")"},
      {"--dampening", "optimizer.dampening", Kind::number, "dampening of the momentum in [0, 1] (SGD)"},
      {"--nesterov", "optimizer.nesterov", Kind::boolean, "Nesterov momentum (sgd, momentum)"},
      {"--weight-decay", "optimizer.weight_decay", Kind::number, "weight decay >= 0"},
      {"--eps", "optimizer.eps", Kind::number,
       "epsilon > 0 of the adaptive optimizers (default: " + optimizer_defaults("eps") + ")"},
      {"--amsgrad", "optimizer.amsgrad", Kind::boolean, "AMSGrad variant of Adam (adam, adamw)"},
      {"--alpha", "optimizer.alpha", Kind::number, "smoothing constant in [0, 1) (RMSprop)"},
      {"--centered", "optimizer.centered", Kind::boolean, "centered RMSprop"},
      {"--lr-decay", "optimizer.lr_decay", Kind::number, "learning-rate decay >= 0 (Adagrad)"},
      {"--initial-accumulator-value", "optimizer.initial_accumulator_value", Kind::number, "Adagrad, >= 0"},
      {"--history-size", "optimizer.history_size", Kind::number, "L-BFGS history, 1 to 10000"},
      {"--max-iter", "optimizer.max_iter", Kind::number, "L-BFGS iterations per step, 1 to 10000"},
      {"--line-search", "optimizer.line_search", Kind::text, "strong_wolfe (L-BFGS) or armijo (Newton); default none"},
      {"--damping", "optimizer.damping", Kind::number, "mu >= 0 of H + mu I (Newton)"},
      {"--schedule", "schedule.name", Kind::text,
       "none | step | cosine | plateau | onecycle; the default, cosine, anneals the learning rate to 0 over the run"},
      {"--step-size", "schedule.step_size", Kind::number, "epochs between decays (step)"},
      {"--gamma", "schedule.gamma", Kind::number, "decay factor in (0, 1] (step)"},
      {"--batch-size", "batch_size", Kind::number,
       "minibatch size; under mpirun the global batch, of which each of the N processes takes 1/N"},
      {"--accumulate", "accumulate", Kind::number,
       "batches per optimizer step, their gradients summed (all-reduced once per step under mpirun)"},
      {"--sync-bn", "sync_bn", Kind::boolean,
       "under mpirun, BatchNorm statistics of the whole batch over every process (default: each its own)"},
      {"--epochs", "epochs", Kind::number, "epochs to train"},
      {"--val-fraction", "val_fraction", Kind::number, "validation share of the training data, in (0, 1)"},
      {"--test-fraction", "test_fraction", Kind::number, "test share, for data without a test set, in (0, 1)"},
      {"--seed", "seed", Kind::number, "seed of initialisation, shuffling, splits and dropout"},
      {"--threads", "threads", Kind::number, "threads, 1 to 1024 (0: every core)"},
      {"--early-stopping", "early_stopping", Kind::number, "patience in epochs on validation loss (0: off)"},
      {"--l2", "l2", Kind::number, "L2 penalty lambda/2 |w|^2 on weights, >= 0"},
      {"--normalize", "normalize", Kind::boolean, "standardise inputs with training statistics"},
      {"--augment", "augment", Kind::text,
       "augment training images [C,H,W]: crop:P (zero padding P, random window), flip (mirror half), erase:p "
       "(zero a random rectangle with probability p), e.g. crop:4,flip,erase:0.5"},
      {"--tta", "tta", Kind::text,
       "none | flip: score validation and test images by the mean output on the image and its mirror"},
      {"--precision", "precision", Kind::text,
       "f32 | bf16: bfloat16 convolutions and matrix products with float32 weights and accumulation (CPUs with "
       "AVX512_BF16 or AMX; elsewhere float32)"},
      {"--limit-train", "limit_train", Kind::number, "train on the first N samples only (0: all)"},
      {"--limit-test", "limit_test", Kind::number, "evaluate on the first N samples only (0: all)"},
      {"--init-from", "init_from", Kind::text,
       "start from these weights (.safetensors with the model's state-dict names, or a run folder, whose model "
       "is then the default --model)"},
      {"--classes", "classes", Kind::text, "keep only these classes, e.g. 5,6,7 (renumbered 0,1,2; default: all)"},
      {"--limit-per-class", "limit_per_class", Kind::number,
       "train on K samples of each class, a seeded stratified draw, K >= 1 (default: all)"},
      {"--freeze", "freeze", Kind::text, "keep the parameters whose names start with these prefixes fixed, e.g. 0.,3."},
      {"--reset-head", "reset_head", Kind::boolean,
       "with --init-from, re-initialise the last Linear layer, sized for the data's classes"},
  };
  return table;
}

// A number flag's text as JSON, so that flags and files are checked alike: integers stay integers,
// "inf" and "1e999" become infinite numbers (refused by the checks), anything else stays text.
json number_value(const std::string& text) {
  const json parsed = json::parse(text, nullptr, false);
  if (parsed.is_number()) return parsed;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size() ? json(v) : json(text);
}

// The default that --help shows: the config's own ("" where the optimizer decides, as the help says).
std::string default_text(const std::string& key) {
  const json v = train::get_field(train::TrainConfig{}, key);
  if (v.is_number_float()) return number_text(v.get<double>());
  return v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

void add_train_flags(CLI::App* cmd, const std::shared_ptr<json>& overrides, const std::set<std::string>& leave_out) {
  for (const Flag& f : flags()) {
    if (leave_out.contains(f.name)) continue;
    CLI::Option* option = nullptr;
    if (f.kind == Kind::boolean)
      option = add_boolean_flag(
          cmd, f.name, [overrides, key = f.key](bool v) { train::place(*overrides, key, v); }, f.help);
    else
      option = cmd->add_option_function<std::string>(
          f.name,
          [overrides, key = f.key, number = f.kind == Kind::number](const std::string& v) {
            train::place(*overrides, key, number ? number_value(v) : json(v));
          },
          f.help);
    option->type_name(f.kind == Kind::number ? "NUMBER" : f.kind == Kind::boolean ? "BOOLEAN" : "TEXT");
    option->default_str(default_text(f.key));
  }
  cmd->add_option_function<std::vector<std::string>>(
         "--betas",
         [overrides](const std::vector<std::string>& b) {
           if (b.size() != 2) throw CLI::ValidationError("--betas", "takes two values B1,B2");
           train::place(*overrides, "optimizer.beta1", number_value(b[0]));
           train::place(*overrides, "optimizer.beta2", number_value(b[1]));
         },
         "B1,B2, each in [0, 1) (Adam, AdamW)")
      ->delimiter(',')
      ->type_name("NUMBER,NUMBER")
      ->default_str(default_text("optimizer.beta1") + "," + default_text("optimizer.beta2"));
}

namespace {

// The flags' overrides as a config layer whose errors name the flag (--lr: must be …).
train::ConfigLayer flags_layer(const json& overrides) {
  return {overrides,
          [](const std::string& key) {
            if (key == "optimizer.beta1" || key == "optimizer.beta2") return std::string("--betas");
            for (const Flag& f : flags())
              if (f.key == key) return f.name;
            return "config: " + key;  // not reached: every key a flag writes is in the table
          },
          train::ConfigOrigin::person};
}

}  // namespace

train::TrainConfig config_under_flags(std::vector<train::ConfigLayer> below, const json& overrides) {
  below.push_back(flags_layer(overrides));
  if (auto model = train::init_run_model_layer(below)) below.insert(below.begin(), std::move(*model));
  return train::config_from_layers(below);
}

train::TrainConfig config_from_flags(const std::string& config_file, const json& overrides) {
  std::vector<train::ConfigLayer> layers;
  if (!config_file.empty()) layers.push_back(train::file_layer(config_file));
  return config_under_flags(std::move(layers), overrides);
}

}  // namespace nabla::cli
