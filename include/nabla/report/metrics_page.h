// The page of `nabla metrics --plot`: any classifier's scores as their headline numbers and decision
// rule, PR curves raw and smoothed, ROC curves and the confusion matrix.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include <nabla/report/report.h>

namespace nabla::report {

// score_report is what metrics::score_report_json writes; input_name (the scores' file) titles the page
// and its charts. Throws naming the key when score_report lacks one.
[[nodiscard]] Report metrics_page(const nlohmann::json& score_report, const std::string& input_name);

}  // namespace nabla::report
