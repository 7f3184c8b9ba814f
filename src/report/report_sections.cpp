// Report sections as HTML: findings, learning curves, an evaluation, the config and the environment.
#include <nabla/report/report_sections.h>

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include <nabla/report/report_plots.h>

namespace nabla::report {
namespace {

using nlohmann::json;

std::string fixed(double v, int decimals = 4) {
  if (!std::isfinite(v)) return std::isnan(v) ? "-" : (v > 0 ? "inf" : "-inf");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// A JSON number (null: undefined) with fixed decimals.
std::string fixed(const json& v, int decimals = 4) { return v.is_number() ? fixed(v.get<double>(), decimals) : "-"; }

std::string cell(const std::string& escaped, bool number = false) {
  return number ? "<td class=\"num\">" + escaped + "</td>" : "<td>" + escaped + "</td>";
}

std::string header_row(std::initializer_list<const char*> names) {
  std::string out = "<tr>";
  for (const char* n : names) out += std::string("<th>") + n + "</th>";
  return out + "</tr>";
}

// Two-column table of name and value, both escaped here.
std::string key_value_table(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string out = "<table>";
  for (const auto& [k, v] : rows) out += "<tr><th>" + html_escape(k) + "</th>" + cell(html_escape(v)) + "</tr>";
  return out + "</table>\n";
}

void flatten(const json& j, const std::string& prefix, std::vector<std::pair<std::string, std::string>>& rows) {
  for (const auto& [key, value] : j.items()) {
    const std::string name = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object()) flatten(value, name, rows);
    else rows.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
  }
}

const char* severity(const std::string& code) {
  if (code == "healthy") return "good";
  if (code == "divergence" || code == "exploding_gradients") return "bad";
  return "warn";
}

// The positive class's support in a two-class report: the sum of the confusion matrix's second row.
int64_t positive_support(const json& report) {
  int64_t support = 0;
  if (report.contains("confusion_matrix") && report["confusion_matrix"].size() > 1)
    for (const auto& v : report["confusion_matrix"][1]) support += v.get<int64_t>();
  return support;
}

std::string per_class_table(const json& report, const std::vector<std::string>& class_names) {
  std::string out = "<table>" + header_row({"class", "precision", "recall", "F1", "AP", "support"});
  auto name = [&](std::size_t k) { return k < class_names.size() ? class_names[k] : "class " + std::to_string(k); };
  if (!report.contains("per_class")) {  // binary: the positive class
    return out + "<tr>" + cell(html_escape(name(1))) + cell(fixed(report.value("precision", json())), true) +
           cell(fixed(report.value("recall", json())), true) + cell(fixed(report.value("f1", json())), true) +
           cell(fixed(report.value("average_precision", json())), true) +
           cell(std::to_string(positive_support(report)), true) + "</tr></table>\n";
  }
  const json& pc = report.at("per_class");
  for (std::size_t k = 0; k < pc.at("precision").size(); ++k)
    out += "<tr>" + cell(html_escape(name(k))) + cell(fixed(pc["precision"][k]), true) +
           cell(fixed(pc["recall"][k]), true) + cell(fixed(pc["f1"][k]), true) +
           cell(fixed(pc["average_precision"][k]), true) + cell(pc["support"][k].dump(), true) + "</tr>";
  return out + "</table>\n";
}

// Loss, accuracy and the summary figures: for two classes the positive class's AP and F1 with its
// support, for more the mean AP and macro F1.
std::string summary_table(const json& evaluation, const std::vector<std::string>& class_names) {
  const json& report = evaluation.at("report");
  std::string out = "<table>";
  const std::string common = cell(fixed(evaluation.value("loss", json())), true) +
                             cell(fixed(evaluation.value("accuracy", json())), true) +
                             cell(evaluation.value("samples", json()).dump(), true);
  if (report.contains("per_class")) {
    return out + header_row({"loss", "accuracy", "samples", "mAP", "macro F1"}) + "<tr>" + common +
           cell(fixed(report.value("mean_average_precision", json())), true) +
           cell(fixed(report.value("f1", json())), true) + "</tr></table>\n";
  }
  const std::string positive = html_escape(class_names.size() > 1 ? class_names[1] : "class 1");
  return out + "<tr><th>loss</th><th>accuracy</th><th>samples</th><th>AP (positive class " + positive +
         ")</th><th>F1 (positive class " + positive + ")</th><th>support of " + positive + "</th></tr><tr>" + common +
         cell(fixed(report.value("average_precision", json())), true) +
         cell(fixed(report.value("f1", json())), true) + cell(std::to_string(positive_support(report)), true) + "</tr></table>\n";
}

}  // namespace

ReportSection findings_section(const std::vector<doctor::Finding>& findings) {
  ReportSection s{.id = "doctor", .title = "Doctor"};
  for (const doctor::Finding& f : findings)
    s.html += std::string("<div class=\"finding ") + severity(f.code) + "\"><h3>" + html_escape(f.code) +
              " <span class=\"note\">at epoch " + std::to_string(f.epoch) + "</span></h3><p><span class=\"label\">"
              "evidence</span> " + html_escape(f.evidence) + "</p><p><span class=\"label\">advice</span> " +
              html_escape(f.advice) + "</p></div>\n";
  return s;
}

ReportSection learning_curves_section(const train::History& history) {
  return {.id = "curves",
          .title = "Learning curves",
          .html = "<p class=\"note\">Training values are means over each epoch's batches; validation values are "
                  "measured after the epoch.</p>",
          .plots = learning_curve_plots(history)};
}

ReportSection evaluation_section(const std::string& set_name, const json& evaluation,
                                 const std::vector<std::string>& class_names) {
  const json& report = evaluation.at("report");
  ReportSection s{.id = set_name, .title = std::string(1, static_cast<char>(std::toupper(set_name[0]))) +
                                           set_name.substr(1) + " set"};
  s.html = summary_table(evaluation, class_names) + per_class_table(report, class_names);
  s.plots = ranking_plots(report, class_names, set_name + " set");
  return s;
}

ReportSection config_section(const json& config, const json& data) {
  std::vector<std::pair<std::string, std::string>> rows;
  flatten(config, "", rows);
  // Two tables side by side: the config has some forty keys.
  const auto half = rows.begin() + static_cast<std::ptrdiff_t>((rows.size() + 1) / 2);
  ReportSection s{.id = "config",
                  .title = "Configuration",
                  .html = "<div class=\"columns\">" + key_value_table({rows.begin(), half}) +
                          key_value_table({half, rows.end()}) + "</div>\n"};
  if (data.is_null()) return s;
  std::string classes;
  for (const auto& c : data.value("class_names", json::array()))
    classes += (classes.empty() ? "" : ", ") + c.get<std::string>();
  const json norm = data.value("normalization", json::object());
  const std::size_t channels = norm.value("mean", json::array()).size();
  std::vector<std::pair<std::string, std::string>> described = {
      {"source", data.value("source", std::string())},
      {"sample shape", data.value("sample_shape", json()).dump()},
      {"classes", data.value("num_classes", json()).dump()}};
  if (!classes.empty()) described.emplace_back("class names", classes);
  described.emplace_back("normalisation", channels == 0 ? "none"
                                                        : "standardised with the training set's mean and std, " +
                                                              std::to_string(channels) + " channel(s)");
  s.html += "<h3>Data</h3>\n" + key_value_table(described);
  return s;
}

ReportSection environment_section(const Environment& e) {
  return {.id = "environment",
          .title = "Environment",
          .html = key_value_table({{"nabla", e.nabla_version},
                                   {"threads", std::to_string(e.threads)},
                                   {"CPU", e.cpu_model},
                                   {"date", e.date}})};
}

}  // namespace nabla::report
