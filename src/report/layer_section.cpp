// The layers-and-sharpness section of a run report.
#include <nabla/report/layer_section.h>

#include <nabla/doctor/measurements.h>
#include <nabla/plot/line_chart.h>
#include <nabla/plot/svg_writer.h>

namespace nabla::report {
namespace {

std::string num(double v) { return html_escape(plot::format_significant(v, 4)); }

std::string sharpness_html(const train::Sharpness& s) {
  std::string out = "<h3>Sharpness of the final minimum</h3>\n";
  if (!s.skipped.empty()) return out + "<p class=\"note\">Not measured: " + html_escape(s.skipped) + "</p>\n";
  out += "<table><tr><th>λ<sub>max</sub> of the training loss's Hessian</th><td class=\"num\">" + num(s.lambda_max) +
         "</td></tr><tr><th>stability bound 2/lr</th><td class=\"num\">" + num(s.stability_bound) +
         "</td></tr><tr><th>learning rate of the last epoch</th><td class=\"num\">" + num(s.lr) +
         "</td></tr><tr><th>training samples, power iterations</th><td class=\"num\">" + std::to_string(s.samples) +
         ", " + std::to_string(s.iterations) + (s.converged ? "" : " (not converged)") + "</td></tr></table>\n";
  out += std::string("<p class=\"note\">") +
         (s.lambda_max < s.stability_bound
              ? "λ<sub>max</sub> lies below 2/lr: gradient descent at this rate can settle in this minimum."
              : "λ<sub>max</sub> lies above 2/lr: the minimum is sharper than a plain gradient step of this rate "
                "can settle in.") +
         " A sharp minimum is sensitive to noise; momentum and adaptive optimizers move the bound.</p>\n";
  return out;
}

ReportPlot gradient_plot(const train::History& h, const train::EpochRecord& first, const train::EpochRecord& last) {
  std::vector<double> position;
  for (std::size_t l = 0; l < h.layers.size(); ++l) position.push_back(static_cast<double>(l + 1));
  std::vector<plot::Series> series = {
      {.name = "epoch " + std::to_string(first.epoch), .x = position, .y = first.layer_grad_norm}};
  if (last.epoch != first.epoch)
    series.push_back({.name = "epoch " + std::to_string(last.epoch), .x = position, .y = last.layer_grad_norm});
  return {.name = "layer_grad_norm",
          .svg = plot::line_chart_svg(series, {.title = "gradient norm per layer", .x_label = "layer (input to output)",
                                               .y_label = "mean L2 norm of the layer's gradient", .log_y = true,
                                               .whole_x = true, .width = 520, .height = 340})};
}

std::string layer_table(const train::History& h, const train::EpochRecord& first, const train::EpochRecord& last) {
  std::string out = "<table><tr><th>#</th><th>layer</th><th>parameters</th><th>gradient norm, epoch " +
                    std::to_string(first.epoch) + "</th><th>gradient norm, epoch " + std::to_string(last.epoch) +
                    "</th><th>update ratio ‖Δw‖/‖w‖, epoch " + std::to_string(last.epoch) + "</th></tr>";
  for (std::size_t l = 0; l < h.layers.size(); ++l)
    out += "<tr><td class=\"num\">" + std::to_string(l + 1) + "</td><td>" + html_escape(h.layers[l].name) +
           "</td><td class=\"num\">" + std::to_string(h.layers[l].parameters) + "</td><td class=\"num\">" +
           num(first.layer_grad_norm[l]) + "</td><td class=\"num\">" + num(last.layer_grad_norm[l]) +
           "</td><td class=\"num\">" + num(last.layer_update_ratio[l]) + "</td></tr>";
  return out + "</table>\n";
}

std::string dead_relu_table(const train::History& h, const train::EpochRecord& e) {
  std::string out = "<h3>Dead ReLUs</h3>\n<p class=\"note\">Share of each ReLU layer's units that output 0 for "
                    "every sample of the validation batch after epoch " + std::to_string(e.epoch) +
                    ": they pass no gradient back.</p>\n<table><tr><th>ReLU layer</th><th>dead units</th></tr>";
  for (std::size_t l = 0; l < h.relu_layers.size(); ++l)
    out += "<tr><td>" + html_escape(h.relu_layers[l]) + "</td><td class=\"num\">" +
           html_escape(plot::format_significant(100 * e.dead_relu[l], 3)) + " %</td></tr>";
  return out + "</table>\n";
}

}  // namespace

std::optional<ReportSection> layer_section(const train::History& h) {
  const train::EpochRecord *first = doctor::layer_epoch(h, false), *last = doctor::layer_epoch(h, true);
  const train::EpochRecord* dead = doctor::dead_relu_epoch(h);
  if (!h.sharpness && !first && !dead) return std::nullopt;
  ReportSection s{.id = "layers", .title = "Layers and sharpness"};
  if (h.sharpness) s.html += sharpness_html(*h.sharpness);
  if (first) {
    s.html += "<h3>Gradients per layer</h3>\n<p class=\"note\">Means over each epoch's optimizer steps; a layer "
              "whose gradient is orders of magnitude below the later layers' barely learns.</p>\n" +
              layer_table(h, *first, *last);
    s.plots.push_back(gradient_plot(h, *first, *last));
  }
  if (dead) s.html += dead_relu_table(h, *dead);
  return s;
}

}  // namespace nabla::report
