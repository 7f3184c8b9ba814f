// lr_find.json and lr_find.svg.
#include <nabla/tune/lr_find_report.h>

#include <cmath>

#include <nabla/io/atomic_file.h>
#include <nabla/plot/line_chart.h>
#include <nabla/plot/svg_writer.h>
#include <nabla/plot/write_svg.h>

namespace nabla::tune {
namespace {

using nlohmann::json;

// NaN and ∞ as null: JSON has no such numbers.
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// Why the sweep suggests its learning rate (lr_sweep.h's rule).
std::string suggestion_reason(const LrSweep& s) {
  if (std::isfinite(s.steepest_lr) && s.suggested_lr == s.steepest_lr) return "steepest descent of the smoothed loss";
  return "a tenth of the lr of the lowest smoothed loss";
}

}  // namespace

json lr_find_json(const LrFindResult& r) {
  const HessianLr& h = r.hessian;
  const LrSweep& s = r.sweep;
  json estimates = json::array();
  for (double e : h.eigen.estimates) estimates.push_back(number(e));
  return {{"hessian",
           {{"lambda_max", number(h.eigen.lambda_max)},
            {"iterations", h.eigen.iterations},
            {"converged", h.eigen.converged},
            {"estimates", estimates},
            {"samples", h.samples},
            {"stability_bound", number(h.stability_bound)},
            {"suggested_lr", number(h.suggested_lr)}}},
          {"sweep",
           {{"lr", s.lrs},
            {"loss", s.losses},
            {"smoothed", s.smoothed},
            {"exploded", s.exploded},
            {"min_loss_lr", number(s.min_loss_lr)},
            {"steepest_lr", number(s.steepest_lr)},
            {"suggested_lr", number(s.suggested_lr)}}},
          {"optimizer", r.optimizer},
          {"parameters", r.parameters}};
}

std::string lr_find_svg(const LrFindResult& r) {
  const LrSweep& s = r.sweep;
  const std::vector<plot::Series> series = {{.name = "loss", .x = s.lrs, .y = s.losses, .colour = "#aec7e8"},
                                            {.name = "smoothed loss", .x = s.lrs, .y = s.smoothed, .colour = "#1f77b4"}};
  std::vector<plot::Marker> markers;
  if (std::isfinite(s.suggested_lr) && s.suggested_lr > 0)
    markers.push_back({.name = "suggested lr " + plot::format_significant(s.suggested_lr, 3) + ": " +
                               suggestion_reason(s),
                       .x = s.suggested_lr, .colour = "#2ca02c"});
  if (std::isfinite(r.hessian.stability_bound))
    markers.push_back({.name = "2/λ_max = " + plot::format_significant(r.hessian.stability_bound, 3) +
                               ": stability bound of gradient descent",
                       .x = r.hessian.stability_bound, .colour = "#d62728"});
  return plot::line_chart_svg(series, {.title = "Learning-rate finder (" + r.optimizer + ")",
                                       .x_label = "learning rate",
                                       .y_label = "training loss",
                                       .log_y = true,  // the valley stays visible beside the explosion
                                       .log_x = true,
                                       .legend_outside = true,
                                       .markers = markers,
                                       .width = 900});
}

void write_lr_find(const std::filesystem::path& dir, const LrFindResult& r) {
  std::filesystem::create_directories(dir);
  io::write_file_atomic(dir / "lr_find.json", lr_find_json(r).dump(2) + "\n");
  plot::write_svg(dir / "lr_find.svg", lr_find_svg(r));
}

}  // namespace nabla::tune
