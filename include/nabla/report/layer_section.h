// The report section on what a run's history measured per layer and of its final minimum: sharpness
// with the stability bound 2/lr, gradient norms and update ratios per layer, dead ReLUs per layer.
#pragma once
#include <optional>

#include <nabla/report/report.h>
#include <nabla/train/history.h>

namespace nabla::report {

// id "layers": a table of the sharpness (or why it was not measured), a chart of the gradient norm per
// layer at the first and last epochs (log axis, input on the left) with a table of the layers' names,
// sizes, norms and update ratios, and a table of the dead ReLU shares. Nothing for a history that
// measured none of them (an earlier version's).
[[nodiscard]] std::optional<ReportSection> layer_section(const train::History& history);

}  // namespace nabla::report
