// The charts of a run report: learning curves from a History; precision-recall (raw and smoothed) and ROC
// curves and the confusion matrix from a metrics report (the JSON of `nabla metrics`, as metrics.json holds it per set).
#pragma once
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nabla/train/history.h>
#include <nabla/report/report.h>

namespace nabla::report {

// loss (training and validation), accuracy (both), lr and grad_norm (mean and largest batch) against
// the epoch. Losses, learning rate and gradient norm go on a log axis when they span more than a
// factor of 30; non-finite values (a diverged epoch) leave a gap.
[[nodiscard]] std::vector<ReportPlot> learning_curve_plots(const train::History& history);

// pr_curves: one steps-post curve per class (the positive class of a binary report), its average
// precision in the legend. Curves are thinned to what a pixel shows, 1/1000 of recall or precision.
// source ("test set", a file name) goes into the title. Throws naming the key when report lacks one.
[[nodiscard]] ReportPlot pr_curves_plot(const nlohmann::json& report, const std::vector<std::string>& class_names,
                                        const std::string& source);

// pr_curves_smoothed: the same with the interpolated precision (the best precision at that recall or
// more), the area under it in the legend; nullopt for a report without interpolated precisions.
[[nodiscard]] std::optional<ReportPlot> smoothed_pr_curves_plot(const nlohmann::json& report,
                                                                const std::vector<std::string>& class_names,
                                                                const std::string& source);

// roc_curves: true against false positive rate per class, its AUC (or "undefined") in the legend, and
// the chance diagonal; nullopt for a report without ROC curves.
[[nodiscard]] std::optional<ReportPlot> roc_curves_plot(const nlohmann::json& report,
                                                        const std::vector<std::string>& class_names,
                                                        const std::string& source);

// confusion_matrix: counts, rows the true class and columns the predicted one, named by class_names
// (empty: indices).
[[nodiscard]] ReportPlot confusion_matrix_plot(const nlohmann::json& report,
                                               const std::vector<std::string>& class_names,
                                               const std::string& source);

// The charts of one classifier's scores, in page order: PR curves raw, then smoothed, ROC curves (each
// where the report holds them) and the confusion matrix.
[[nodiscard]] std::vector<ReportPlot> ranking_plots(const nlohmann::json& report,
                                                    const std::vector<std::string>& class_names,
                                                    const std::string& source);

// The points of a curve, in order, that lie at least `resolution` (in x or y) from the last one kept;
// the first and last points are always kept.
struct ThinCurve {
  std::vector<double> x, y;
};
[[nodiscard]] ThinCurve thin_curve(std::span<const double> x, std::span<const double> y, double resolution);

}  // namespace nabla::report
