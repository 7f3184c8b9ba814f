// metrics.json of a run: loss, accuracy and the full classifier report (confusion matrix, precision,
// recall, F1, IoU, PR curves and average precisions) for the validation and test sets.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nabla/metrics/score_report_json.h>
#include <nabla/train/evaluate.h>

namespace nabla::train {

// {"loss", "accuracy", "samples", "report": <nabla metrics --json of the scores>}; long curves are thinned
// as `curves` says (score_report_json.h).
[[nodiscard]] nlohmann::json evaluation_json(const Evaluation& e, const metrics::ScoreReportJsonOptions& curves = {});

// Writes {"validation": …, "test": …, "class_names": […]} atomically; no "test" when test is null.
void write_run_metrics(const std::filesystem::path& dir, const Evaluation& validation, const Evaluation* test,
                       const std::vector<std::string>& class_names);

}  // namespace nabla::train
