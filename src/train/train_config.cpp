// TrainConfig to and from JSON.
#include <nabla/train/train_config.h>

#include <set>
#include <stdexcept>

#include <nabla/io/atomic_file.h>
#include <nabla/io/printable.h>

#include "json_text.h"

namespace nabla::train {

nlohmann::json to_json(const TrainConfig& c) {
  const optim::OptimizerConfig& o = c.optimizer;
  const optim::ScheduleConfig& s = c.schedule;
  return {
      {"data", c.data},
      {"model", c.model},
      {"loss", c.loss},
      {"optimizer",
       {{"name", o.name}, {"lr", o.lr}, {"momentum", o.momentum}, {"dampening", o.dampening},
        {"nesterov", o.nesterov}, {"weight_decay", o.weight_decay}, {"beta1", o.beta1}, {"beta2", o.beta2},
        {"eps", o.eps}, {"amsgrad", o.amsgrad}, {"alpha", o.alpha}, {"centered", o.centered},
        {"lr_decay", o.lr_decay}, {"initial_accumulator_value", o.initial_accumulator_value},
        {"history_size", o.history_size}, {"max_iter", o.max_iter}, {"line_search", o.line_search},
        {"damping", o.damping}}},
      {"schedule",
       {{"name", s.name}, {"step_size", s.step_size}, {"gamma", s.gamma}, {"t_max", s.t_max},
        {"eta_min", s.eta_min}, {"factor", s.factor}, {"patience", s.patience}, {"max_lr", s.max_lr},
        {"total_steps", s.total_steps}}},
      {"batch_size", c.batch_size},
      {"epochs", c.epochs},
      {"val_fraction", c.val_fraction},
      {"test_fraction", c.test_fraction},
      {"seed", c.seed},
      {"threads", c.threads},
      {"early_stopping", c.early_stopping},
      {"l2", c.l2},
      {"normalize", c.normalize},
      {"limit_train", c.limit_train},
      {"limit_test", c.limit_test},
      {"out", c.out},
  };
}

namespace {

// Copies j's fields over `into`'s, rejecting keys that `into` does not have, and fractions for whole-number
// fields (converting 1e300 to an integer is undefined behaviour, not an error, in nlohmann's get).
void merge(nlohmann::json& into, const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) throw std::invalid_argument("config: \"" + where + "\" must be an object");
  for (const auto& [key, value] : j.items()) {
    const std::string path = where.empty() ? key : where + "." + key;
    if (!into.contains(key)) throw std::invalid_argument("config: unknown key \"" + io::printable(path) + "\"");
    if (into[key].is_object()) {
      merge(into[key], value, path);
    } else {
      if (into[key].is_number_integer() && value.is_number_float())
        throw std::invalid_argument("config: \"" + path + "\" takes a whole number, not " + value.dump());
      into[key] = value;
    }
  }
}

}  // namespace

TrainConfig config_from_json(const nlohmann::json& j, TrainConfig base) {
  nlohmann::json all = to_json(base);
  merge(all, j, "");
  try {
    TrainConfig c;
    const auto& o = all["optimizer"];
    const auto& s = all["schedule"];
    c.data = all["data"];
    c.model = all["model"];
    c.loss = all["loss"];
    c.optimizer = {.name = o["name"], .lr = o["lr"], .momentum = o["momentum"], .dampening = o["dampening"],
                   .nesterov = o["nesterov"], .weight_decay = o["weight_decay"], .beta1 = o["beta1"],
                   .beta2 = o["beta2"], .eps = o["eps"], .amsgrad = o["amsgrad"], .alpha = o["alpha"],
                   .centered = o["centered"], .lr_decay = o["lr_decay"],
                   .initial_accumulator_value = o["initial_accumulator_value"], .history_size = o["history_size"],
                   .max_iter = o["max_iter"], .line_search = o["line_search"], .damping = o["damping"]};
    c.schedule = {.name = s["name"], .step_size = s["step_size"], .gamma = s["gamma"], .t_max = s["t_max"],
                  .eta_min = s["eta_min"], .factor = s["factor"], .patience = s["patience"], .max_lr = s["max_lr"],
                  .total_steps = s["total_steps"]};
    c.batch_size = all["batch_size"];
    c.epochs = all["epochs"];
    c.val_fraction = all["val_fraction"];
    c.test_fraction = all["test_fraction"];
    c.seed = all["seed"];
    c.threads = all["threads"];
    c.early_stopping = all["early_stopping"];
    c.l2 = all["l2"];
    c.normalize = all["normalize"];
    c.limit_train = all["limit_train"];
    c.limit_test = all["limit_test"];
    c.out = all["out"];
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("config: a value has the wrong type: ") + e.what());
  }
}

nlohmann::json read_config_file(const std::filesystem::path& path) {
  return detail::parse_json_text(io::read_file(path), path.string());
}

}  // namespace nabla::train
