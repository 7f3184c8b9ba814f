// The sharpness, per-layer gradients and dead ReLUs of a history, as text and JSON.
#include <nabla/doctor/measurements.h>

#include <cstdio>

#include "rules.h"

namespace nabla::doctor {
namespace {

using detail::num;

std::string sharpness_text(const train::Sharpness& s) {
  if (!s.skipped.empty()) return "sharpness: not measured: " + s.skipped + "\n";
  std::string out = "sharpness: lambda_max " + num(s.lambda_max) + " of the training loss's Hessian at the final "
                    "weights (" + std::to_string(s.samples) + " training samples, " + std::to_string(s.iterations) +
                    " iterations" + (s.converged ? "" : ", not converged") + ")\n  stability bound 2/lr = " +
                    num(s.stability_bound) + " (lr " + num(s.lr) + "): ";
  // Gradient descent at lr is stable along an eigenvector only while lr·λ < 2 (the lecture's quadratic).
  out += s.lambda_max < s.stability_bound ? "below it, a minimum gradient descent at this rate can settle in\n"
                                          : "above it, a minimum too sharp for a plain gradient step of this rate\n";
  return out;
}

// The first or last epoch whose per-layer lists are as long as their names.
const train::EpochRecord* complete_epoch(const train::History& h, bool last, bool relu) {
  const std::size_t want = relu ? h.relu_layers.size() : h.layers.size();
  const train::EpochRecord* found = nullptr;
  for (const train::EpochRecord& e : h.epochs) {
    const bool complete = relu ? e.dead_relu.size() == want
                               : e.layer_grad_norm.size() == want && e.layer_update_ratio.size() == want;
    if (want == 0 || !complete) continue;
    found = &e;
    if (!last) break;
  }
  return found;
}

}  // namespace

const train::EpochRecord* layer_epoch(const train::History& h, bool last) { return complete_epoch(h, last, false); }

const train::EpochRecord* dead_relu_epoch(const train::History& h) { return complete_epoch(h, true, true); }

std::string format_measurements(const train::History& h) {
  std::string out;
  if (h.sharpness) out += sharpness_text(*h.sharpness);
  const train::EpochRecord *first = layer_epoch(h, false), *last = layer_epoch(h, true);
  if (first) {
    out += "gradient norm per layer, epoch " + std::to_string(first->epoch) + " -> " + std::to_string(last->epoch) +
           ", and update ratio |dw|/|w| per step at epoch " + std::to_string(last->epoch) + ":\n";
    for (std::size_t l = 0; l < h.layers.size(); ++l) {
      char line[160];
      std::snprintf(line, sizeof line, "  layer %-6s %10lld weights  %10s -> %-10s  update %s\n",
                    h.layers[l].name.c_str(), static_cast<long long>(h.layers[l].parameters),
                    num(first->layer_grad_norm[l]).c_str(), num(last->layer_grad_norm[l]).c_str(),
                    num(last->layer_update_ratio[l]).c_str());
      out += line;
    }
  }
  if (const train::EpochRecord* dead = dead_relu_epoch(h)) {
    out += "dead ReLUs at epoch " + std::to_string(dead->epoch) + " (units that never fire on the validation batch):";
    for (std::size_t l = 0; l < h.relu_layers.size(); ++l)
      out += (l == 0 ? " layer " : ", layer ") + h.relu_layers[l] + " " + num(100 * dead->dead_relu[l]) + " %";
    out += "\n";
  }
  return out;
}

nlohmann::json measurements_json(const train::History& h) {
  nlohmann::json out = nlohmann::json::object();
  if (h.sharpness) out["sharpness"] = train::to_json(*h.sharpness);
  const train::EpochRecord *first = layer_epoch(h, false), *last = layer_epoch(h, true);
  if (first)
    for (std::size_t l = 0; l < h.layers.size(); ++l)
      out["layers"].push_back({{"name", h.layers[l].name},
                               {"parameters", h.layers[l].parameters},
                               {"grad_norm_first", first->layer_grad_norm[l]},
                               {"grad_norm_last", last->layer_grad_norm[l]},
                               {"update_ratio_last", last->layer_update_ratio[l]}});
  if (const train::EpochRecord* dead = dead_relu_epoch(h))
    for (std::size_t l = 0; l < h.relu_layers.size(); ++l)
      out["relu_layers"].push_back({{"name", h.relu_layers[l]}, {"dead_share", dead->dead_relu[l]}});
  return out;
}

}  // namespace nabla::doctor
