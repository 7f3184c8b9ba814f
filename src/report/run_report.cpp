// Assembling the report of a run or eval folder from config.json, data.json, history.json, metrics.json
// and environment.json.
#include <nabla/report/run_report.h>

#include <cstdio>
#include <optional>
#include <stdexcept>

#include <nabla/plot/svg_writer.h>
#include <nabla/doctor/doctor.h>
#include <nabla/doctor/doctor_output.h>
#include <nabla/report/environment.h>
#include <nabla/report/layer_section.h>
#include <nabla/report/model_section.h>
#include <nabla/report/report_sections.h>
#include <nabla/train/train_config.h>

namespace nabla::report {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json read_if_there(const fs::path& file) { return fs::exists(file) ? train::read_config_file(file) : json(); }

// What a report is made of; every part but the folder itself may be missing.
struct Sources {
  bool is_run = true;
  fs::path run_dir;
  json config, data, metrics;
  std::optional<train::History> history;
  std::vector<std::string> class_names;
};

Sources read_sources(const fs::path& dir) {
  Sources s;
  s.is_run = fs::exists(dir / "history.json");
  s.metrics = read_if_there(dir / "metrics.json");
  if (!s.is_run && !s.metrics.contains("test"))
    throw std::runtime_error("report: " + dir.string() +
                             " is neither a run folder (no history.json) nor an eval folder (no metrics.json with a "
                             "test set)");
  s.run_dir = s.is_run ? dir : fs::path(s.metrics.value("run", dir.parent_path().string()));
  s.config = read_if_there(s.run_dir / "config.json");
  s.data = read_if_there(s.run_dir / "data.json");
  if (fs::exists(s.run_dir / "history.json"))
    s.history = train::History::from_json(train::read_config_file(s.run_dir / "history.json"));
  const json names = s.metrics.contains("class_names") ? s.metrics["class_names"] : s.data.value("class_names", json());
  if (names.is_array()) s.class_names = names.get<std::vector<std::string>>();
  return s;
}

// The last component of dir's absolute path, also for "run/" and ".".
std::string folder_name(const fs::path& dir) {
  fs::path p = fs::absolute(dir).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return p.filename().string();
}

int config_threads(const json& config) { return config.is_object() ? config.value("threads", 0) : 0; }

std::string subtitle(const Sources& s) {
  std::string out;
  if (s.config.is_object()) {
    const json opt = s.config.value("optimizer", json::object());
    out = s.config.value("model", std::string()) + " on " + s.config.value("data", std::string()) + " · " +
          opt.value("name", std::string());
    // Run folders of earlier versions wrote -1 for the optimizer's default lr; the history has the one used.
    const double lr = opt.value("lr", -1.0) > 0 ? opt.value("lr", -1.0)
                                               : (s.history && !s.history->epochs.empty() ? s.history->epochs[0].lr : -1);
    if (lr > 0) out += " lr " + plot::format_significant(lr, 4);
  }
  if (s.history) {
    const std::size_t n = s.history->epochs.size();
    out += (out.empty() ? "" : " · ") + std::to_string(n) + (n == 1 ? " epoch" : " epochs");
  }
  if (s.metrics.contains("test")) {
    char acc[64];
    std::snprintf(acc, sizeof acc, "test accuracy %.2f %%", 100 * s.metrics["test"].value("accuracy", 0.0));
    out += (out.empty() ? "" : " · ") + std::string(acc);
  }
  return out;
}

// The doctor, the learning curves and the layers, when the run's history is there.
void add_training_sections(Report& r, const Sources& s, const std::string& suffix) {
  if (!s.history || s.history->epochs.empty()) return;
  const std::size_t first = r.sections.size();
  r.sections.push_back(findings_section(doctor::diagnose(*s.history, doctor::run_options(s.config, s.data))));
  r.sections.push_back(learning_curves_section(*s.history));
  if (std::optional<ReportSection> layers = layer_section(*s.history)) r.sections.push_back(std::move(*layers));
  for (std::size_t i = first; i < r.sections.size(); ++i) r.sections[i].title += suffix;
}

}  // namespace

Report run_report(const fs::path& dir) {
  const Sources s = read_sources(dir);
  Report r{.title = s.is_run ? "Training run " + folder_name(dir)
                             : "Evaluation on " + s.metrics.value("data", std::string("its test set")),
           .subtitle = subtitle(s)};
  if (s.is_run) {
    add_training_sections(r, s, "");
    if (s.metrics.contains("test")) {
      r.sections.push_back(evaluation_section("test", s.metrics["test"], s.class_names));
    } else if (s.metrics.contains("validation")) {
      r.sections.push_back(evaluation_section("validation", s.metrics["validation"], s.class_names));
    } else {
      r.sections.push_back({.id = "evaluation",
                            .title = "Evaluation",
                            .html = "<p class=\"note\">No metrics.json: the run stopped before its final "
                                    "evaluation.</p>"});
    }
  } else {
    r.sections.push_back(evaluation_section("test", s.metrics["test"], s.class_names));
    add_training_sections(r, s, " (training run)");
  }
  if (const auto summary = run_model_summary(s.run_dir)) r.sections.push_back(model_section(*summary));
  if (s.config.is_object()) r.sections.push_back(config_section(s.config, s.data));
  const fs::path env_file = dir / "environment.json";
  r.sections.push_back(environment_section(fs::exists(env_file) ? environment_from_json(train::read_config_file(env_file))
                                                                : current_environment(config_threads(s.config))));
  return r;
}

void write_run_report(const fs::path& dir) {
  (void)recorded_environment(dir, config_threads(read_if_there(dir / "config.json")));
  write_report(dir, run_report(dir));
}

}  // namespace nabla::report
