// Parsing and checking `name:key=value:…` optimizer items with the config's own field table.
#include "lab_optimizer_spec.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include <nabla/train/config_fields.h>

namespace nabla::cli {
namespace {

using nlohmann::json;

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(separator, start)) != std::string::npos; start = at + 1)
    parts.push_back(text.substr(start, at - start));
  parts.push_back(text.substr(start));
  return parts;
}

// "5e-3" and ".5" as numbers, true/false as booleans, anything else as text (a line search's name).
json value_of(const std::string& text) {
  const json parsed = json::parse(text, nullptr, false);
  if (parsed.is_number() || parsed.is_boolean()) return parsed;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size() ? json(v) : json(text);
}

optim::lab::TrajectorySpec parse_item(const std::string& item, const optim::OptimizerConfig& shared) {
  const std::string where = "--optimizers: " + item + ": ";
  const std::vector<std::string> parts = split(item, ':');
  train::TrainConfig config;
  config.optimizer = shared;
  if (const auto problem = train::value_problem("optimizer.name", parts[0]))
    throw std::invalid_argument(where + *problem);
  config.optimizer.name = parts[0];
  std::string label = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::size_t eq = parts[i].find('=');
    if (eq == std::string::npos)
      throw std::invalid_argument(where + "\"" + parts[i] + "\" is not key=value (e.g. lr=1e-3)");
    const std::string key = "optimizer." + parts[i].substr(0, eq);
    const std::vector<std::string>& keys = train::config_keys();
    if (key == "optimizer.name" || std::find(keys.begin(), keys.end(), key) == keys.end()) {
      std::string hint = train::key_suggestion(key);
      if (const std::size_t at = hint.find("optimizer."); at != std::string::npos) hint.erase(at, 10);
      throw std::invalid_argument(where + "unknown key " + parts[i].substr(0, eq) + hint);
    }
    const json value = value_of(parts[i].substr(eq + 1));
    if (const auto problem = train::value_problem(key, value))
      throw std::invalid_argument(where + parts[i].substr(0, eq) + ": " + *problem);
    if (!train::field_in_use(config, key)) throw std::invalid_argument(where + train::unused_problem(config, key));
    train::set_field(config, key, value);
    label += " " + parts[i];
  }
  if (const auto problem = train::find_problem(config))
    throw std::invalid_argument(where + problem->key.substr(problem->key.find('.') + 1) + ": " + problem->problem);
  return {label, config.optimizer};
}

}  // namespace

std::vector<optim::lab::TrajectorySpec> parse_optimizer_specs(const std::vector<std::string>& items,
                                                              const optim::OptimizerConfig& shared) {
  std::vector<optim::lab::TrajectorySpec> specs;
  for (const std::string& item : items) specs.push_back(parse_item(item, shared));
  return specs;
}

std::vector<std::string> default_optimizer_specs(const std::string& function) {
  if (function == "rosenbrock") return {"sgd:lr=1e-3", "momentum:lr=1e-3:momentum=0.9", "adam:lr=0.05"};
  if (function == "beale") return {"sgd:lr=1e-2", "momentum:lr=2e-3:momentum=0.9", "adam:lr=0.05"};
  if (function == "saddle" || function == "monkey_saddle") return {"sgd:lr=0.05", "momentum:lr=0.05", "newton"};
  if (function == "plateau") return {"sgd:lr=0.5", "momentum:lr=0.5", "adam:lr=0.1", "rmsprop:lr=0.05"};
  return {"sgd", "momentum", "nesterov"};
}

}  // namespace nabla::cli
