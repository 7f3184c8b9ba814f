// The sections of a run report, each built from the data a run folder holds; a search (or any other
// folder) can assemble its report from them and its own sections.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nabla/doctor/doctor.h>
#include <nabla/report/environment.h>
#include <nabla/train/history.h>
#include <nabla/report/report.h>

namespace nabla::report {

// id "doctor": one box per finding with its code, epoch, evidence and advice.
[[nodiscard]] ReportSection findings_section(const std::vector<doctor::Finding>& findings);

// id "curves": the learning_curve_plots of the history.
[[nodiscard]] ReportSection learning_curves_section(const train::History& history);

// id set_name ("test", "validation"): an evaluation as metrics.json holds it — {"loss", "accuracy",
// "samples", "report"} — as headline numbers, a per-class table, PR curves raw and smoothed, ROC curves
// and the confusion matrix.
[[nodiscard]] ReportSection evaluation_section(const std::string& set_name, const nlohmann::json& evaluation,
                                               const std::vector<std::string>& class_names);

// id "config": config.json flattened to dotted keys, and data.json's description when not null.
[[nodiscard]] ReportSection config_section(const nlohmann::json& config, const nlohmann::json& data);

// id "environment"
[[nodiscard]] ReportSection environment_section(const Environment& environment);

}  // namespace nabla::report
