// The doctor's findings for people (text) and programs (JSON), and the doctor run on a run folder.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nabla/doctor/doctor.h>

namespace nabla::doctor {

// [{"code", "epoch", "evidence", "advice", "evidence_values": {name: number}}]; NaN values are null.
[[nodiscard]] nlohmann::json findings_json(const std::vector<Finding>& findings);

// Per finding: "doctor: <code> at epoch <n>", then indented evidence and advice lines.
[[nodiscard]] std::string format_findings(const std::vector<Finding>& findings);

// A run's options from its config.json and data.json (either may be null, as for a run of an earlier
// version): the class count, the label smoothing, and the regularisation the config sets — "--l2 λ",
// "--weight-decay λ", "--label-smoothing ε", "--augment …" and "dropout" when the model has dropout layers.
[[nodiscard]] DoctorOptions run_options(const nlohmann::json& config, const nlohmann::json& data);

// The history.json of the run in dir. Throws naming the file when it is missing or damaged.
[[nodiscard]] train::History read_run_history(const std::filesystem::path& dir);

// Diagnoses the run in dir from its history.json, with the options of its config.json and data.json
// when those files are there. Throws naming the file when history.json is missing or damaged.
[[nodiscard]] std::vector<Finding> diagnose_run(const std::filesystem::path& dir);

}  // namespace nabla::doctor
