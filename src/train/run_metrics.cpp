// An evaluation as the metrics area's report, and metrics.json.
#include <nabla/train/run_metrics.h>

#include <nabla/io/atomic_file.h>
#include <nabla/io/json_text.h>
#include <nabla/metrics/score_report.h>
#include <nabla/metrics/score_report_json.h>

namespace nabla::train {

nlohmann::json evaluation_json(const Evaluation& e, const metrics::ScoreReportJsonOptions& curves) {
  metrics::ScoreFile scores;
  scores.labels = e.labels;
  scores.scores = e.scores;
  scores.num_columns = e.binary ? 1 : static_cast<std::size_t>(e.num_classes);
  return {{"loss", e.loss},
          {"accuracy", e.accuracy},
          {"samples", e.samples},
          {"report", metrics::score_report_json(metrics::score_report(scores), curves)}};
}

void write_run_metrics(const std::filesystem::path& dir, const Evaluation& validation, const Evaluation* test,
                       const std::vector<std::string>& class_names) {
  nlohmann::json j = {{"validation", evaluation_json(validation)}, {"class_names", class_names}};
  if (test) j["test"] = evaluation_json(*test);
  io::write_file_atomic(dir / "metrics.json", io::json_text(j) + "\n");
}

}  // namespace nabla::train
