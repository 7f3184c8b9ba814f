// Findings as JSON and text; the doctor on a run folder's history.json and data.json.
#include <nabla/doctor/doctor_output.h>

#include <stdexcept>

#include <nabla/train/train_config.h>

namespace nabla::doctor {

nlohmann::json findings_json(const std::vector<Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const Finding& f : findings)
    out.push_back({{"code", f.code},
                   {"epoch", f.epoch},
                   {"evidence", f.evidence},
                   {"advice", f.advice},
                   {"evidence_values", f.values}});
  return out;
}

std::string format_findings(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings)
    out += "doctor: " + f.code + " at epoch " + std::to_string(f.epoch) + "\n  evidence: " + f.evidence +
           "\n  advice:   " + f.advice + "\n";
  return out;
}

std::vector<Finding> diagnose_run(const std::filesystem::path& dir) {
  const std::filesystem::path history_file = dir / "history.json";
  if (!std::filesystem::exists(history_file))
    throw std::runtime_error(history_file.string() + ": no history here (is " + dir.string() +
                             " the folder of a training run?)");
  train::History history;
  try {
    history = train::History::from_json(train::read_config_file(history_file));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(history_file.string() + ": not a training history: " + e.what());
  }
  DoctorOptions options;
  if (std::filesystem::exists(dir / "data.json"))
    options.num_classes = train::read_config_file(dir / "data.json").value("num_classes", int64_t{0});
  return diagnose(history, options);
}

}  // namespace nabla::doctor
