// The report's model section: each layer with its output shape, parameters and FLOPs per sample, the
// totals and the frozen and trainable parameter counts (nn::summarize_model).
#pragma once
#include <filesystem>
#include <optional>

#include <nabla/nn/model_summary.h>
#include <nabla/report/report.h>

namespace nabla::report {

[[nodiscard]] ReportSection model_section(const nn::ModelSummary& summary);

// The summary of a run folder's model (config.json, data.json, model.safetensors, its frozen parameters
// marked); nothing when the folder lacks one of them or they do not build the model (a run that stopped
// before writing its weights).
[[nodiscard]] std::optional<nn::ModelSummary> run_model_summary(const std::filesystem::path& run_dir);

}  // namespace nabla::report
