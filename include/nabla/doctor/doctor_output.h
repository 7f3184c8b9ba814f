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

// Diagnoses the run in dir from its history.json, with the class count of its data.json when that
// file is there. Throws naming the file when history.json is missing or damaged.
[[nodiscard]] std::vector<Finding> diagnose_run(const std::filesystem::path& dir);

}  // namespace nabla::doctor
