// lr_find.json and lr_find.svg.
#include <nabla/tune/lr_find_report.h>

#include <algorithm>
#include <cmath>

#include <nabla/io/atomic_file.h>
#include <nabla/plot/line_chart.h>
#include <nabla/plot/write_svg.h>

namespace nabla::tune {
namespace {

using nlohmann::json;

// NaN and ∞ as null: JSON has no such numbers.
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// A vertical line at lr across [lo, hi]; nothing when lr is not a positive finite number.
void add_marker(std::vector<plot::Series>& series, const std::string& name, double lr, double lo, double hi,
                const std::string& colour) {
  if (!(std::isfinite(lr) && lr > 0)) return;
  series.push_back({.name = name, .x = {std::log10(lr), std::log10(lr)}, .y = {lo, hi}, .colour = colour});
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
  plot::Series raw{.name = "loss", .colour = "#aec7e8"}, smooth{.name = "smoothed loss", .colour = "#1f77b4"};
  for (std::size_t i = 0; i < s.lrs.size(); ++i) {
    raw.x.push_back(std::log10(s.lrs[i]));
    raw.y.push_back(s.losses[i]);
    smooth.x.push_back(raw.x.back());
    smooth.y.push_back(s.smoothed[i]);
  }
  const auto [lo, hi] = std::minmax_element(s.losses.begin(), s.losses.end());
  std::vector<plot::Series> series = {raw, smooth};
  add_marker(series, "sweep suggestion", s.suggested_lr, *lo, *hi, "#2ca02c");
  add_marker(series, "1/lambda_max", r.hessian.suggested_lr, *lo, *hi, "#ff7f0e");
  add_marker(series, "2/lambda_max (stability bound)", r.hessian.stability_bound, *lo, *hi, "#d62728");
  return plot::line_chart_svg(series, {.title = "Learning-rate finder (" + r.optimizer + ")",
                                       .x_label = "learning rate (log10)",
                                       .y_label = "training loss",
                                       .log_y = true});  // the valley stays visible beside the explosion
}

void write_lr_find(const std::filesystem::path& dir, const LrFindResult& r) {
  std::filesystem::create_directories(dir);
  io::write_file_atomic(dir / "lr_find.json", lr_find_json(r).dump(2) + "\n");
  plot::write_svg(dir / "lr_find.svg", lr_find_svg(r));
}

}  // namespace nabla::tune
