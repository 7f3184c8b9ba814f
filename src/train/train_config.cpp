// TrainConfig to and from JSON: layers of values merged and checked, defaults resolved, fields in use
// written.
#include <nabla/train/train_config.h>

#include <algorithm>
#include <climits>
#include <map>
#include <stdexcept>

#include <nabla/io/atomic_file.h>
#include <nabla/io/printable.h>
#include <nabla/train/config_fields.h>

#include "json_text.h"

namespace nabla::train {
namespace {

using nlohmann::json;

// The leaves of a layer's object as (key, value); every key must be a config key.
void collect(const json& j, const std::string& prefix, const ConfigLayer& layer,
             std::vector<std::pair<std::string, json>>& leaves) {
  if (!j.is_object())
    throw std::invalid_argument(layer.name(prefix) + ": must be a JSON object of " +
                                (prefix.empty() ? "config keys" : prefix + " options") + ", not " + io::printable(j.dump()));
  for (const auto& [k, v] : j.items()) {
    const std::string key = prefix.empty() ? k : prefix + "." + k;
    if (prefix.empty() && (k == "optimizer" || k == "schedule"))
      collect(v, key, layer, leaves);
    else if (std::find(config_keys().begin(), config_keys().end(), key) != config_keys().end())
      leaves.emplace_back(key, v);
    else
      throw std::invalid_argument(layer.name(io::printable(key)) + ": unknown key" + key_suggestion(key));
  }
}

// What earlier versions wrote for "the default for the name" or "the run's length".
bool legacy_placeholder(const std::string& key, const json& v) {
  static const std::map<std::string, double> placeholders = {
      {"optimizer.lr", -1},     {"optimizer.momentum", -1}, {"optimizer.eps", -1},
      {"schedule.max_lr", -1}, {"schedule.t_max", 0},      {"schedule.total_steps", 0}};
  const auto it = placeholders.find(key);
  return it != placeholders.end() && v.is_number() && v.get<double>() == it->second;
}

}  // namespace

void place(json& j, const std::string& key, json value) {
  const std::size_t dot = key.find('.');
  if (dot == std::string::npos)
    j[key] = std::move(value);
  else
    j[key.substr(0, dot)][key.substr(dot + 1)] = std::move(value);
}

ConfigLayer json_layer(json values, const std::string& source, ConfigOrigin origin) {
  return {std::move(values), [source](const std::string& key) { return key.empty() ? source : source + ": " + key; },
          origin};
}

ConfigLayer file_layer(const std::filesystem::path& path, ConfigOrigin origin) {
  return json_layer(read_config_file(path), path.string(), origin);
}

TrainConfig config_from_layers(const std::vector<ConfigLayer>& layers, TrainConfig base) {
  std::map<std::string, const ConfigLayer*> given_by;  // each key given, and the last layer that gave it
  for (const ConfigLayer& layer : layers) {
    std::vector<std::pair<std::string, json>> leaves;
    collect(layer.values, "", layer, leaves);
    for (const auto& [key, value] : leaves) {
      if (layer.origin == ConfigOrigin::saved && legacy_placeholder(key, value)) continue;
      if (const auto problem = value_problem(key, value)) throw std::invalid_argument(layer.name(key) + ": " + *problem);
      set_field(base, key, value);
      given_by[key] = &layer;
    }
  }
  if (const auto p = find_problem(base)) {
    const auto by = given_by.find(p->key);
    throw std::invalid_argument((by == given_by.end() ? "config: " + p->key : by->second->name(p->key)) + ": " +
                                p->problem);
  }
  // A value that a person gave and nothing reads is a mistake (--momentum with adam), not a default.
  for (const auto& [key, layer] : given_by)
    if (layer->origin == ConfigOrigin::person && !field_in_use(base, key))
      throw std::invalid_argument(layer->name(key) + ": " + unused_problem(base, key));
  return base;
}

TrainConfig config_from_json(const json& j, TrainConfig base, ConfigOrigin origin) {
  return config_from_layers({json_layer(j, "config", origin)}, std::move(base));
}

void validate(const TrainConfig& config) {
  if (const auto p = find_problem(config)) throw std::invalid_argument("config: " + p->key + ": " + p->problem);
}

TrainConfig effective_config(const TrainConfig& config, int64_t steps_per_epoch) {
  TrainConfig e = config;
  e.optimizer = optim::with_defaults(config.optimizer);
  optim::ScheduleConfig& s = e.schedule;
  if (s.name == "cosine" && !s.t_max) s.t_max = static_cast<int>(config.epochs);  // epochs <= kMaxEpochs
  if (s.name == "onecycle") {
    if (!s.max_lr) s.max_lr = e.optimizer.lr;
    const int64_t steps = config.epochs * steps_per_epoch;
    if (!s.total_steps && steps > INT_MAX)
      throw std::invalid_argument("config: schedule.total_steps: the run has " + std::to_string(steps) +
                                  " steps, more than onecycle's " + std::to_string(INT_MAX) +
                                  "; train fewer epochs or use a larger batch_size");
    if (!s.total_steps) s.total_steps = static_cast<int>(steps);
  }
  return e;
}

json to_json(const TrainConfig& config) {
  json j = json::object();
  for (const std::string& key : config_keys()) {
    json value = get_field(config, key);
    if (!value.is_null() && field_in_use(config, key)) place(j, key, std::move(value));
  }
  return j;
}

json config_schema() {
  TrainConfig all;
  all.optimizer.lr = all.optimizer.momentum = all.optimizer.eps = all.schedule.max_lr = 0.0;
  all.schedule.t_max = all.schedule.total_steps = 0;
  all.limit_per_class = 0;
  json j = json::object();
  for (const std::string& key : config_keys()) place(j, key, get_field(all, key));
  return j;
}

json read_config_file(const std::filesystem::path& path) {
  const std::string text = io::read_file(path);
  detail::check_json_depth(text, path.string());
  std::vector<std::string> keys;  // the keys down to the value being read, to name it in an error
  const auto track = [&keys](int depth, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::key) {
      keys.resize(static_cast<std::size_t>(std::max(depth - 1, 0)));
      keys.push_back(parsed.get<std::string>());
    }
    return true;
  };
  try {
    return json::parse(text, track);
  } catch (const json::parse_error& e) {
    // e.byte counts from 1 (the last character read); offsets in messages count from 0, as everywhere.
    throw std::invalid_argument(path.string() + ": byte " + std::to_string(e.byte > 0 ? e.byte - 1 : 0) +
                                ": not valid JSON");
  } catch (const json::out_of_range& e) {  // a number beyond a double's range, such as 1e999
    std::string key;
    for (const std::string& k : keys) key += (key.empty() ? "" : ".") + k;
    const std::string what = e.what();
    const std::size_t quote = what.find('\'');
    const std::string number =
        quote == std::string::npos ? std::string() : what.substr(quote + 1, what.size() - quote - 2);
    throw std::invalid_argument(path.string() + ": " + io::printable(key) + ": the number " + io::printable(number) +
                                " is out of range (a number's magnitude must stay below 1.8e308)");
  }
}

}  // namespace nabla::train
