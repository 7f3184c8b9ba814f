// The readable table of a ScoreReport, as `nabla metrics` prints it without --json.
#pragma once

#include <string>

#include <nabla/metrics/score_report.h>

namespace nabla::metrics {

// Confusion matrix, the scores (per class and averaged for multiclass), the four average
// precisions, ROC AUC, the operating point and the warnings, ending in a newline.
[[nodiscard]] std::string score_report_table(const ScoreReport& report);

}  // namespace nabla::metrics
