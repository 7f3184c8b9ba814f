// `nabla train`: flags and a JSON config file (flags win) into a TrainConfig, then the training run.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include <nabla/dist/agreement.h>
#include <nabla/dist/world.h>
#include <nabla/io/folder_lock.h>
#include <nabla/io/shell_quote.h>
#include <nabla/report/run_report.h>
#include <nabla/train/trainer.h>

#include "boolean_flag.h"
#include "commands.h"
#include "interrupt.h"
#include "run_summary.h"
#include "train_flags.h"

namespace nabla::cli {

using nlohmann::json;

namespace {

// --resume takes the run's own config, but for the flags that may change.
void check_resume_flags(const std::string& config_file, const json& overrides) {
  if (!config_file.empty()) throw std::invalid_argument("--resume takes the run's own config; drop --config");
  // A new --lr rescales the run's rates from here on: the way to save a run that diverged.
  for (const auto& [key, value] : overrides.items())
    if (key != "epochs" && key != "threads" && !(key == "optimizer" && value.size() == 1 && value.contains("lr")))
      throw std::invalid_argument("--resume takes the run's own config; only --epochs, --threads and --lr may change");
}

// The config that the checkpoint in a run folder keeps, as text. Rank 0 reads it and sends it to the other
// ranks, so that only its machine needs the run folder.
std::string saved_config(const std::string& dir) {
  return dist::from_root([&] {
    io::FolderLock::throw_if_in_use(dir);  // a live run's folder is refused before it is read
    return train::load_checkpoint(dir).config.dump();
  });
}

// The run's config: the flags over the --config file, or over the checkpoint's config for --resume. Every
// rank of a data-parallel job reads its own command line; a mistake fails them all together.
train::TrainConfig config_of(const std::string& config_file, const std::string& resume, const json& overrides) {
  if (!resume.empty()) dist::fail_together([&] { check_resume_flags(config_file, overrides); });
  const std::string saved = resume.empty() ? std::string() : saved_config(resume);
  train::TrainConfig config;
  dist::fail_together([&] {
    std::vector<train::ConfigLayer> layers;
    if (!resume.empty())
      layers.push_back(train::json_layer(json::parse(saved), train::checkpoint_path(resume).string() + ": config",
                                         train::ConfigOrigin::saved));
    else if (!config_file.empty())
      layers.push_back(train::file_layer(config_file));
    config = config_under_flags(std::move(layers), overrides);
  });
  if (!resume.empty()) config.out = resume;
  return config;
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto overrides = std::make_shared<json>(json::object());
  auto config_file = std::make_shared<std::string>();
  auto resume = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("train", "Train a model (default: the ConvNet on Fashion-MNIST)");
  cmd->add_option("--config", *config_file, "JSON config file; flags override it");
  cmd->add_option("--resume", *resume,
                  "continue the run in this folder from its last checkpoint (--epochs, --threads and --lr may change)");
  add_boolean_flag(cmd, "--json", *as_json, "print the result as JSON");
  add_train_flags(cmd, overrides);
  cmd->add_option_function<std::string>(
      "--out", [overrides](const std::string& out) { (*overrides)["out"] = out; },
      "output folder (default runs/<model>-<time>)");
  cmd->callback([=] {
    const train::TrainConfig config = config_of(*config_file, *resume, *overrides);
    train::TrainOptions options{.resume = !resume->empty()};
    options.stop = stop_on_signal();
    options.render_report = report::write_run_report;
    try {
      const train::TrainResult result = train::run_training(config, options);
      if (dist::rank() == 0) print_run_summary(result, *as_json);
    } catch (const train::TrainingInterrupted& e) {
      throw Interrupted("train --resume " + io::shell_quote(e.dir().string()));
    }
  });
}

}  // namespace nabla::cli
