// The page of `nabla metrics --plot`: a summary table and the ranking charts of one score report.
#include <nabla/report/metrics_page.h>

#include <cmath>
#include <stdexcept>

#include <nabla/plot/svg_writer.h>
#include <nabla/report/report_plots.h>

namespace nabla::report {
namespace {

using nlohmann::json;

const json& at(const json& j, const char* key) {
  if (!j.contains(key)) throw std::invalid_argument(std::string("metrics page: the score report has no \"") + key + "\"");
  return j.at(key);
}

// A number to four significant digits; null (undefined) as "undefined".
std::string value(const json& v) {
  return v.is_number() ? html_escape(plot::format_significant(v.get<double>(), 4)) : "undefined";
}

// The task and its decision rule: the threshold and why it was chosen, or the argmax.
std::string decision_rule(const json& r) {
  const std::string samples = at(r, "num_samples").dump() + " samples";
  if (at(r, "task") == "binary")
    return "Binary scores, " + samples + "; positive iff score &gt;= " + value(at(r, "threshold")) + " (" +
           html_escape(r.value("threshold_rule", std::string("given"))) + ").";
  return "Scores of " + at(r, "num_classes").dump() + " classes, " + samples +
         "; the predicted class is the one of highest score.";
}

std::string summary_table(const json& r) {
  const bool binary = at(r, "task") == "binary";
  const std::pair<const char*, const char*> rows[] = {
      {"accuracy", "accuracy"},
      {binary ? "precision (positive class)" : "macro precision", "precision"},
      {binary ? "recall (positive class)" : "macro recall", "recall"},
      {binary ? "F1 (positive class)" : "macro F1", "f1"},
      {binary ? "average precision" : "mean average precision", "average_precision"},
      {binary ? "average precision, smoothed curve" : "mean average precision, smoothed curves",
       "average_precision_interpolated"},
      {binary ? "ROC AUC" : "ROC AUC (macro, one-vs-rest)", "roc_auc"}};
  std::string out = "<table>";
  for (const auto& [name, key] : rows)
    out += std::string("<tr><th>") + name + "</th><td class=\"num\">" + value(at(r, key)) + "</td></tr>";
  return out + "</table>\n";
}

}  // namespace

Report metrics_page(const json& score_report, const std::string& input_name) {
  ReportSection scores{.id = "scores",
                       .title = "Scores",
                       .html = "<p>" + decision_rule(score_report) + "</p>\n" + summary_table(score_report),
                       .plots = ranking_plots(score_report, {}, input_name)};
  return {.title = "Metrics of " + input_name, .sections = {std::move(scores)}};
}

}  // namespace nabla::report
