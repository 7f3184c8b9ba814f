// The model section of a run's report: the table of nabla summary, as HTML.
#include <nabla/report/model_section.h>

#include <exception>

#include <nabla/train/run_model.h>

namespace nabla::report {
namespace {

std::string number_cell(const std::string& text) { return "<td class=\"num\">" + html_escape(text) + "</td>"; }

}  // namespace

ReportSection model_section(const nn::ModelSummary& summary) {
  std::string html = "<table><tr><th>#</th><th>layer</th><th>output</th><th>params</th><th>FLOPs</th><th></th></tr>";
  for (const nn::LayerSummary& l : summary.layers)
    html += "<tr><td>" + html_escape(l.name) + "</td><td>" + html_escape(l.description) + "</td><td>" +
            html_escape(shape_str(l.output)) + "</td>" + number_cell(std::to_string(l.parameters)) +
            number_cell(l.flops ? std::to_string(*l.flops) : "-") + "<td>" +
            (l.frozen == 0 ? "" : l.frozen == l.parameters ? "frozen" : "partly frozen") + "</td></tr>";
  html += "</table>\n<p>" + std::to_string(summary.parameters) + " parameters: " + std::to_string(summary.trainable) +
          " trainable, " + std::to_string(summary.frozen) + " frozen. " + std::to_string(summary.flops) + " (" +
          nn::short_count(static_cast<double>(summary.flops)) +
          ") FLOPs per sample, a multiply-add counting 2, for the Linear and Conv2d layers.</p>\n";
  return {.id = "model", .title = "Model", .html = html};
}

std::optional<nn::ModelSummary> run_model_summary(const std::filesystem::path& run_dir) {
  try {
    train::RunModel run = train::load_run_model(run_dir);
    return nn::summarize_model(*run.model, run.sample_shape);
  } catch (const std::exception&) {
    return std::nullopt;  // the report shows what the folder holds
  }
}

}  // namespace nabla::report
