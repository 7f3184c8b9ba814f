// Learning curves, PR curves and confusion matrices as SVG charts for the report.
#include <nabla/report/report_plots.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include <nabla/plot/heatmap.h>
#include <nabla/plot/line_chart.h>
#include <nabla/plot/svg_writer.h>

namespace nabla::report {
namespace {

// Learning curves side by side fit a 1200 px wide page two to a row.
constexpr double kCurveWidth = 520, kCurveHeight = 340;
// Beyond a factor of 30 between the largest and smallest value a linear axis flattens all but the
// largest values into one line; a log axis shows each decade.
constexpr double kLogSpan = 30;
// A PR chart 600 px wide has about 500 px of plot area: 1/1000 of the unit square is under a pixel.
constexpr double kCurveResolution = 1e-3;

template <class Field>
std::vector<double> column(const train::History& h, Field field) {
  std::vector<double> out;
  for (const train::EpochRecord& e : h.epochs) out.push_back(e.*field);
  return out;
}

bool wants_log(std::initializer_list<const std::vector<double>*> columns) {
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  for (const auto* c : columns)
    for (double v : *c)
      if (std::isfinite(v) && v > 0) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
  return hi > 0 && hi / lo > kLogSpan;
}

// The first epoch whose training or validation loss is not finite: where a run diverged.
std::optional<double> first_non_finite_epoch(const train::History& h) {
  for (const train::EpochRecord& e : h.epochs)
    if (!std::isfinite(e.train_loss) || !std::isfinite(e.val_loss)) return e.epoch;
  return std::nullopt;
}

// An epoch chart: whole-number epoch ticks, the finite part of each series, and a red line at the
// epoch where the loss stopped being finite, with a note when nothing before it is drawable.
ReportPlot curve(const std::string& name, const std::string& title, const std::string& y_label,
                 std::vector<plot::Series> series, bool log_y, std::optional<double> diverged) {
  plot::LineChartOptions o{.title = title, .x_label = "epoch", .y_label = y_label, .log_y = log_y, .whole_x = true,
                           .width = kCurveWidth, .height = kCurveHeight};
  if (diverged) {
    const std::string at = plot::format_significant(*diverged, 6);
    o.markers.push_back({.name = "loss non-finite at epoch " + at, .x = *diverged, .colour = "#d62728"});
    const bool drawable = std::any_of(series.begin(), series.end(), [&](const plot::Series& s) {
      for (std::size_t i = 0; i < s.y.size(); ++i)
        if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]) && (!log_y || s.y[i] > 0)) return true;
      return false;
    });
    if (!drawable) o.note = "no finite values: the loss was non-finite from epoch " + at;
  }
  return {.name = name, .svg = plot::line_chart_svg(series, o)};
}

std::string class_name(const std::vector<std::string>& names, std::size_t k) {
  return k < names.size() ? names[k] : "class " + std::to_string(k);
}

const nlohmann::json& at(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) throw std::invalid_argument(std::string("report: the metrics report has no \"") + key + "\"");
  return j.at(key);
}

// A JSON array of numbers, null read as NaN.
std::vector<double> numbers(const nlohmann::json& j) {
  std::vector<double> out;
  for (const auto& v : j) out.push_back(v.is_number() ? v.get<double>() : std::nan(""));
  return out;
}

// One class's curve in a report's curve key (pr_curve, roc_curve): a binary report holds one, the
// positive class's, a multiclass one an array.
struct ClassCurve {
  std::string name;
  const nlohmann::json* curve;
  std::size_t index;  // into per_class (0 for binary)
};

std::vector<ClassCurve> class_curves(const nlohmann::json& report, const char* key,
                                     const std::vector<std::string>& class_names) {
  const nlohmann::json& curves = at(report, key);
  if (curves.is_object()) return {{class_name(class_names, 1), &curves, 0}};
  std::vector<ClassCurve> out;
  for (std::size_t k = 0; k < curves.size(); ++k) out.push_back({class_name(class_names, k), &curves.at(k), k});
  return out;
}

// A binary report's value of key, or class k's from per_class; NaN for null (undefined).
double per_class_number(const nlohmann::json& report, const char* key, std::size_t k) {
  const nlohmann::json& v = report.contains("per_class") ? at(at(report, "per_class"), key).at(k) : at(report, key);
  return v.is_number() ? v.get<double>() : std::nan("");
}

}  // namespace

ThinCurve thin_curve(std::span<const double> x, std::span<const double> y, double resolution) {
  ThinCurve out;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const bool keep = i == 0 || i + 1 == x.size() || std::abs(x[i] - out.x.back()) >= resolution ||
                      std::abs(y[i] - out.y.back()) >= resolution;
    if (!keep) continue;
    out.x.push_back(x[i]);
    out.y.push_back(y[i]);
  }
  return out;
}

std::vector<ReportPlot> learning_curve_plots(const train::History& h) {
  const std::vector<double> epoch = column(h, &train::EpochRecord::epoch);
  const std::vector<double> train_loss = column(h, &train::EpochRecord::train_loss), val_loss = column(h, &train::EpochRecord::val_loss);
  const std::vector<double> lr = column(h, &train::EpochRecord::lr);
  const std::vector<double> norm = column(h, &train::EpochRecord::grad_norm), norm_max = column(h, &train::EpochRecord::grad_norm_max);
  const std::optional<double> diverged = first_non_finite_epoch(h);
  std::vector<ReportPlot> out;
  out.push_back(curve("loss", "loss", "mean loss",
                      {{.name = "training", .x = epoch, .y = train_loss}, {.name = "validation", .x = epoch, .y = val_loss}},
                      wants_log({&train_loss, &val_loss}), diverged));
  out.push_back(curve("accuracy", "accuracy", "accuracy",
                      {{.name = "training", .x = epoch, .y = column(h, &train::EpochRecord::train_accuracy)},
                       {.name = "validation", .x = epoch, .y = column(h, &train::EpochRecord::val_accuracy)}},
                      false, diverged));
  out.push_back(curve("lr", "learning rate", "learning rate", {{.name = "", .x = epoch, .y = lr}}, wants_log({&lr}),
                      diverged));
  out.push_back(curve("grad_norm", "gradient norm", "global L2 norm",
                      {{.name = "mean over batches", .x = epoch, .y = norm},
                       {.name = "largest batch", .x = epoch, .y = norm_max}},
                      wants_log({&norm, &norm_max}), diverged));
  return out;
}

ReportPlot pr_curves_plot(const nlohmann::json& report, const std::vector<std::string>& class_names,
                          const std::string& source) {
  const nlohmann::json& curves = at(report, "pr_curve");
  const bool binary = curves.is_object();
  std::vector<plot::Series> series;
  const std::size_t count = binary ? 1 : curves.size();
  for (std::size_t k = 0; k < count; ++k) {
    const nlohmann::json& c = binary ? curves : curves.at(k);
    const std::vector<double> recall = numbers(at(c, "recall")), precision = numbers(at(c, "precision"));
    const double ap = binary ? at(report, "average_precision").get<double>()
                             : at(at(report, "per_class"), "average_precision").at(k).get<double>();
    ThinCurve thin = thin_curve(recall, precision, kCurveResolution);
    series.push_back({.name = class_name(class_names, binary ? 1 : k) + "  AP " + plot::format_significant(ap, 3),
                      .x = std::move(thin.x),
                      .y = std::move(thin.y),
                      .step = true});
  }
  return {.name = "pr_curves",
          .svg = plot::line_chart_svg(series, {.title = "precision-recall per class (" + source + ")",
                                               .x_label = "recall", .y_label = "precision",
                                               .legend_outside = true, .width = 760, .height = 480})};
}

std::optional<ReportPlot> smoothed_pr_curves_plot(const nlohmann::json& report,
                                                  const std::vector<std::string>& class_names,
                                                  const std::string& source) {
  std::vector<plot::Series> series;
  for (const ClassCurve& c : class_curves(report, "pr_curve", class_names)) {
    if (!c.curve->contains("interpolated_precision")) return std::nullopt;  // metrics.json of an older version
    ThinCurve thin = thin_curve(numbers(at(*c.curve, "recall")), numbers(at(*c.curve, "interpolated_precision")),
                                kCurveResolution);
    series.push_back({.name = c.name + "  AP " + plot::format_significant(
                                                     per_class_number(report, "average_precision_interpolated", c.index), 3),
                      .x = std::move(thin.x), .y = std::move(thin.y), .step = true});
  }
  return ReportPlot{.name = "pr_curves_smoothed",
                    .svg = plot::line_chart_svg(
                        series, {.title = "precision-recall smoothed: best precision at this recall or more (" +
                                          source + ")",
                                 .x_label = "recall", .y_label = "interpolated precision", .legend_outside = true,
                                 .width = 760, .height = 480})};
}

std::optional<ReportPlot> roc_curves_plot(const nlohmann::json& report, const std::vector<std::string>& class_names,
                                          const std::string& source) {
  if (!report.contains("roc_curve")) return std::nullopt;  // metrics.json of an older version
  std::vector<plot::Series> series;
  for (const ClassCurve& c : class_curves(report, "roc_curve", class_names)) {
    ThinCurve thin = thin_curve(numbers(at(*c.curve, "fpr")), numbers(at(*c.curve, "tpr")), kCurveResolution);
    const double auc = per_class_number(report, "roc_auc", c.index);
    series.push_back({.name = c.name + "  AUC " + (std::isfinite(auc) ? plot::format_significant(auc, 3) : "undefined"),
                      .x = std::move(thin.x), .y = std::move(thin.y)});
  }
  series.push_back({.name = "chance  AUC 0.5", .x = {0, 1}, .y = {0, 1}, .colour = "#999999", .dashed = true});
  return ReportPlot{.name = "roc_curves",
                    .svg = plot::line_chart_svg(series, {.title = "ROC per class (" + source + ")",
                                                         .x_label = "false positive rate",
                                                         .y_label = "true positive rate", .legend_outside = true,
                                                         .width = 760, .height = 480})};
}

ReportPlot confusion_matrix_plot(const nlohmann::json& report, const std::vector<std::string>& class_names,
                                 const std::string& source) {
  const nlohmann::json& rows = at(report, "confusion_matrix");
  const std::size_t n = rows.size();
  std::vector<double> values;
  for (const auto& row : rows)
    for (const auto& v : row) values.push_back(v.get<double>());
  std::vector<std::string> labels;
  if (class_names.size() == n) labels = class_names;
  return {.name = "confusion_matrix",
          .svg = plot::heatmap_svg(values, n, n,
                                   {.title = "confusion matrix (" + source + ")", .x_label = "predicted",
                                    .y_label = "true", .row_labels = labels, .column_labels = labels})};
}

std::vector<ReportPlot> ranking_plots(const nlohmann::json& report, const std::vector<std::string>& class_names,
                                      const std::string& source) {
  std::vector<ReportPlot> out = {pr_curves_plot(report, class_names, source)};
  for (auto plot : {smoothed_pr_curves_plot(report, class_names, source), roc_curves_plot(report, class_names, source)})
    if (plot) out.push_back(std::move(*plot));
  out.push_back(confusion_matrix_plot(report, class_names, source));
  return out;
}

}  // namespace nabla::report
