// The command-line flags of a TrainConfig (--data, --model, --lr, --epochs…), shared by the commands
// that start from a training config: train, search and lr-find.
#pragma once
#include <memory>
#include <set>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <nabla/train/train_config.h>

namespace nabla::cli {

// Adds every TrainConfig flag but --out (whose meaning differs per command) and those in leave_out
// (flags the command does not use), each showing its default; a flag given on the command line writes
// its value into overrides at the field's path in the config's JSON form, numbers as the JSON numbers
// they spell, checked later with the files' rules.
void add_train_flags(CLI::App* cmd, const std::shared_ptr<nlohmann::json>& overrides,
                     const std::set<std::string>& leave_out = {});

// The flags' overrides as a config layer whose errors name the flag (--lr: must be …).
[[nodiscard]] train::ConfigLayer flags_layer(const nlohmann::json& overrides);

// The --config file (when given) with the flags' overrides on top, checked (train::config_from_layers).
[[nodiscard]] train::TrainConfig config_from_flags(const std::string& config_file, const nlohmann::json& overrides);

}  // namespace nabla::cli
