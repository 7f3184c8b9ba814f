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

// The flags' overrides on top of the layers below them (a --config file, a checkpoint's config), checked
// (train::config_from_layers); an init_from run folder gives the model when no layer sets one.
[[nodiscard]] train::TrainConfig config_under_flags(std::vector<train::ConfigLayer> below,
                                                    const nlohmann::json& overrides);

// The --config file (when given) with the flags' overrides on top (config_under_flags).
[[nodiscard]] train::TrainConfig config_from_flags(const std::string& config_file, const nlohmann::json& overrides);

}  // namespace nabla::cli
