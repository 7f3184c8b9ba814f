// `nabla metrics`: classification and ranking metrics of any classifier's scores in a CSV file.
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include <nabla/io/json_text.h>
#include <nabla/metrics/score_file.h>
#include <nabla/metrics/score_report.h>
#include <nabla/metrics/score_report_json.h>
#include <nabla/metrics/score_report_table.h>
#include <nabla/metrics/zero_division.h>
#include <nabla/report/metrics_page.h>
#include <nabla/report/report.h>

#include "boolean_flag.h"
#include "commands.h"

namespace nabla::cli {

namespace {

struct MetricsFlags {
  std::string input;
  double threshold = 0;
  double target_recall = 0.0;
  double target_precision = 0.0;
  std::string zero_division = "warn";
  bool json = false;
  bool full_curves = false;
  std::string plot;
};

// DIR/report.html and DIR/plots/*.svg; an unwritable DIR stops with one line naming the flag.
void write_plots(const std::string& dir, const metrics::ScoreReport& report, const std::string& input) {
  const report::Report page = report::metrics_page(metrics::score_report_json(report), input);
  try {
    report::write_report(dir, page);
  } catch (const std::filesystem::filesystem_error& e) {
    throw std::runtime_error("--plot " + dir + ": cannot create " + e.path1().string() + ": " + e.code().message());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("--plot " + dir + ": " + e.what());
  }
}

}  // namespace

void add_metrics_command(CLI::App& app) {
  auto flags = std::make_shared<MetricsFlags>();
  CLI::App* cmd = app.add_subcommand(
      "metrics", "Confusion matrix, precision, recall, F1, IoU, PR and ROC curves and average "
                 "precision of a classifier's scores");
  cmd->add_option("--input", flags->input,
                  "CSV with header label,score (binary, labels 0/1 or -1/+1) or "
                  "label,score_0,...,score_{C-1} (multiclass, label = class index)")
      ->required();
  CLI::Option* threshold =
      cmd->add_option("--threshold", flags->threshold,
                      "binary scores: predict positive iff score >= T (default: 0.5 when every score "
                      "is in [0, 1], else 0)");
  CLI::Option* recall = cmd->add_option("--target-recall", flags->target_recall,
                                        "report the highest threshold whose recall >= R");
  CLI::Option* precision = cmd->add_option("--target-precision", flags->target_precision,
                                           "report the lowest threshold whose precision >= P");
  recall->excludes(precision);
  cmd->add_option("--zero-division", flags->zero_division,
                  "value of a 0/0 ratio: warn (0, listed as a warning), 0 or 1")
      ->capture_default_str();
  add_boolean_flag(cmd, "--json", flags->json, "print JSON instead of a table");
  cmd->add_option("--plot", flags->plot,
                  "write the PR (raw and smoothed), ROC and confusion plots and report.html into this folder");
  add_boolean_flag(cmd, "--full-curves", flags->full_curves,
                "--json keeps every point of the PR and ROC curves (default: thinned to 1000 points each)");

  cmd->callback([flags, threshold, recall, precision] {
    metrics::ScoreReportOptions options{
        .zero_division = metrics::parse_zero_division(flags->zero_division)};
    if (threshold->count() > 0) options.threshold = flags->threshold;
    if (recall->count() > 0) {
      options.target = {.kind = metrics::OperatingTarget::Kind::recall,
                        .value = flags->target_recall};
    } else if (precision->count() > 0) {
      options.target = {.kind = metrics::OperatingTarget::Kind::precision,
                        .value = flags->target_precision};
    }
    const metrics::ScoreReport report =
        metrics::score_report(metrics::read_score_file(flags->input), options);
    if (!flags->plot.empty()) write_plots(flags->plot, report, std::filesystem::path(flags->input).filename().string());
    if (flags->json) {
      const metrics::ScoreReportJsonOptions curves{
          .max_curve_points = flags->full_curves ? 0 : metrics::ScoreReportJsonOptions{}.max_curve_points};
      std::cout << io::json_text(metrics::score_report_json(report, curves)) << '\n';
    } else {
      std::cout << metrics::score_report_table(report);
    }
    // On stderr beside --json, whose stdout is one JSON document.
    if (!flags->plot.empty())
      (flags->json ? std::cerr : std::cout) << "wrote " << flags->plot << "/report.html and its plots/\n";
  });
}

}  // namespace nabla::cli
