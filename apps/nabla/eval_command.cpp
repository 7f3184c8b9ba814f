// `nabla eval RUN_DIR`: scores a saved run's model (or its checkpoint's) on the test set of its data (or of
// other data).
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <utility>

#include <nlohmann/json.hpp>

#include <nabla/io/json_text.h>
#include <nabla/report/run_report.h>
#include <nabla/train/saved_run.h>

#include "boolean_flag.h"
#include "commands.h"
#include "run_folder.h"

namespace nabla::cli {

namespace {

// The run folder and the weights that `nabla eval PATH` means: a run folder's model, or the model or
// checkpoint file of a run folder.
std::pair<std::filesystem::path, train::SavedWeights> eval_target(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (fs::is_regular_file(path) && path.filename() == "checkpoint.safetensors") {
    check_run_folder(folder, {"config.json", "data.json"});
    return {folder, train::SavedWeights::checkpoint};
  }
  const fs::path dir = fs::is_regular_file(path) && path.filename() == "model.safetensors" ? folder : path;
  check_run_folder(dir, {"config.json", "data.json", "model.safetensors"});
  return {dir, train::SavedWeights::model};
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto data = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  auto full_curves = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate a trained model on a test set");
  add_run_folder_argument(cmd, *dir,
                          "the run folder of `nabla train` (its model), or its checkpoint.safetensors (the last "
                          "checkpoint's weights)");
  cmd->add_option("--data", *data, "data to evaluate on (default: the run's own test set)");
  cmd->add_option("--out", *out, "folder for metrics.json (default: RUN_DIR/eval)");
  add_boolean_flag(cmd, "--json", *as_json, "print metrics.json as it is written");
  add_boolean_flag(cmd, "--full-curves", *full_curves,
                   "keep every point of the PR and ROC curves (default: thinned to 1000 points each)");
  cmd->callback([=] {
    const auto [run, weights] = eval_target(*dir);
    const train::EvalOutcome r = train::evaluate_saved_run(
        run, data->empty() ? std::nullopt : std::optional<std::string>(*data),
        out->empty() ? std::nullopt : std::optional<std::filesystem::path>(*out),
        {.max_curve_points = *full_curves ? 0 : metrics::ScoreReportJsonOptions{}.max_curve_points}, weights);
    report::write_run_report(r.metrics_file.parent_path());
    if (*as_json) {
      std::cout << io::json_text(r.metrics) << '\n';
      return;
    }
    std::printf("test: loss %.4f  accuracy %.2f %% on %lld samples\nwritten to %s\n", r.evaluation.loss,
                100 * r.evaluation.accuracy, static_cast<long long>(r.evaluation.samples),
                r.metrics_file.string().c_str());
  });
}

}  // namespace nabla::cli
