// `nabla eval`: scores a saved run's model on the test set of its data (or of other data).
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include <nabla/io/json_text.h>
#include <nabla/report/run_report.h>
#include <nabla/train/saved_run.h>

#include "commands.h"

namespace nabla::cli {

void add_eval_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto data = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  auto full_curves = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate a trained model on a test set");
  cmd->add_option("--checkpoint", *dir, "the run folder of `nabla train`")->required();
  cmd->add_option("--data", *data, "data to evaluate on (default: the run's own test set)");
  cmd->add_option("--out", *out, "folder for metrics.json (default: <checkpoint>/eval)");
  cmd->add_flag("--json", *as_json, "print metrics.json as it is written");
  cmd->add_flag("--full-curves", *full_curves,
                "keep every point of the PR and ROC curves (default: thinned to 1000 points each)");
  cmd->callback([=] {
    const train::EvalOutcome r = train::evaluate_saved_run(
        *dir, data->empty() ? std::nullopt : std::optional<std::string>(*data),
        out->empty() ? std::nullopt : std::optional<std::filesystem::path>(*out),
        {.max_curve_points = *full_curves ? 0 : metrics::ScoreReportJsonOptions{}.max_curve_points});
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
