// The fields of a TrainConfig in its JSON form (key, type, allowed values, in use or not) and the checks
// that every config passes, wherever it comes from: flags, a file, a checkpoint or a search trial.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nabla/train/train_config.h>

namespace nabla::train {

// Bounds that keep a config from making a run hang or allocate absurdly.
inline constexpr int64_t kMaxEpochs = 1'000'000;    // also bounds early_stopping, step_size, patience, t_max
inline constexpr int64_t kMaxBatchSize = 1 << 20;
inline constexpr int64_t kMaxThreads = 1024;
inline constexpr int64_t kMaxAccumulate = 1 << 16;
inline constexpr int64_t kMaxWorldSize = 1 << 20;  // processes of a data-parallel run, as a checkpoint records

// What is wrong with one field: its key (optimizer.lr) and a phrase that follows the key or its flag,
// such as "must be a finite number > 0, not -1".
struct FieldProblem {
  std::string key;
  std::string problem;
};

// Every key of the JSON form, nested ones as paths (optimizer.lr, schedule.gamma).
[[nodiscard]] const std::vector<std::string>& config_keys();
// " (did you mean optimizer.lr?)" for an unknown key, or "".
[[nodiscard]] std::string key_suggestion(const std::string& unknown);

// What is wrong with value as the value of key (one of config_keys()): its type or its range; nothing
// when it fits. Whole-number fields take integers (3, or 3.0), never 3.7 or 1e300.
[[nodiscard]] std::optional<std::string> value_problem(const std::string& key, const nlohmann::json& value);

// Writes a value that value_problem accepts into its field.
void set_field(TrainConfig& config, const std::string& key, const nlohmann::json& value);
// A field's value; null for an optional field left unset (its default).
[[nodiscard]] nlohmann::json get_field(const TrainConfig& config, const std::string& key);

// Whether the config's optimizer and schedule read the field (every top-level field is read). The
// config's optimizer and schedule names must be valid.
[[nodiscard]] bool field_in_use(const TrainConfig& config, const std::string& key);
// Why a field is not in use, e.g. "adam has no momentum; its options are lr, beta1, …".
[[nodiscard]] std::string unused_problem(const TrainConfig& config, const std::string& key);

// The first problem of a whole config: a field of the wrong type or out of its range, or options that
// contradict each other (Nesterov momentum without momentum, a line search the optimizer lacks).
[[nodiscard]] std::optional<FieldProblem> find_problem(const TrainConfig& config);

// The integer that value holds when it is a whole number in [low, high] (0 <= low); throws
// std::invalid_argument("NAME: must be a whole number in [low, high], not VALUE") otherwise. For the
// counts read from files other than configs (a checkpoint's epoch).
[[nodiscard]] int64_t whole_number(const nlohmann::json& value, int64_t low, int64_t high, const std::string& name);

}  // namespace nabla::train
