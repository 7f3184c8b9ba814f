// Findings as JSON and text; the doctor on a run folder's history.json and data.json.
#include <nabla/doctor/doctor_output.h>

#include <stdexcept>

#include <nabla/nn/model_spec.h>
#include <nabla/train/train_config.h>

#include "rules.h"

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

DoctorOptions run_options(const nlohmann::json& config, const nlohmann::json& data) {
  DoctorOptions options;
  if (data.is_object()) options.num_classes = data.value("num_classes", int64_t{0});
  if (options.num_classes < 2) options.num_classes = 0;
  if (!config.is_object()) return options;
  const double l2 = config.value("l2", 0.0);
  const double decay = config.value("optimizer", nlohmann::json::object()).value("weight_decay", 0.0);
  if (l2 > 0) options.regularisation.push_back("--l2 " + detail::num(l2));
  if (decay > 0) options.regularisation.push_back("--weight-decay " + detail::num(decay));
  if (nn::expand_model_spec(config.value("model", std::string())).find("dropout") != std::string::npos)
    options.regularisation.push_back("dropout");
  options.label_smoothing = config.value("label_smoothing", 0.0);
  if (options.label_smoothing > 0)
    options.regularisation.push_back("--label-smoothing " + detail::num(options.label_smoothing));
  // Augmenting the training data regularises too (fewer near-duplicates to memorise).
  if (const std::string augment = config.value("augment", std::string("none")); augment != "none")
    options.regularisation.push_back("--augment " + augment);
  return options;
}

train::History read_run_history(const std::filesystem::path& dir) {
  const std::filesystem::path history_file = dir / "history.json";
  if (!std::filesystem::exists(history_file))
    throw std::runtime_error(history_file.string() + ": no history here (is " + dir.string() +
                             " the folder of a training run?)");
  try {
    return train::History::from_json(train::read_config_file(history_file));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(history_file.string() + ": not a training history: " + e.what());
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(history_file.string() + ": " + e.what());
  }
}

std::vector<Finding> diagnose_run(const std::filesystem::path& dir) {
  const train::History history = read_run_history(dir);
  auto read = [&](const char* name) {
    return std::filesystem::exists(dir / name) ? train::read_config_file(dir / name) : nlohmann::json();
  };
  return diagnose(history, run_options(read("config.json"), read("data.json")));
}

}  // namespace nabla::doctor
