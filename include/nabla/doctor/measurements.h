// What a run's history measured beside the losses, shown with the doctor's findings: the sharpness of
// the minimum it ended in with the stability bound 2/lr, the gradient norm and update ratio of each
// layer, and the share of dead units behind each ReLU.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include <nabla/train/history.h>

namespace nabla::doctor {

// The first (last = false) or last epoch whose per-layer gradient norms and update ratios are complete,
// and the last one whose dead ReLU shares are; null when there is none.
[[nodiscard]] const train::EpochRecord* layer_epoch(const train::History& history, bool last);
[[nodiscard]] const train::EpochRecord* dead_relu_epoch(const train::History& history);

// For people: a block of lines per measurement the history holds; empty when it holds none (a history
// of an earlier version).
[[nodiscard]] std::string format_measurements(const train::History& history);

// For programs: {"sharpness": {...as history.json...}, "layers": [{"name", "parameters", "grad_norm_first",
// "grad_norm_last", "update_ratio_last"}], "relu_layers": [{"name", "dead_share"}]}, first and last
// meaning the first and last epochs with per-layer records; each key only when measured.
[[nodiscard]] nlohmann::json measurements_json(const train::History& history);

}  // namespace nabla::doctor
