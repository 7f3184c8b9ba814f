// What `nabla lr-find` writes: lr_find.json and lr_find.svg (the sweep's loss against the learning rate,
// with the suggestions and the Hessian's stability bound marked).
#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include <nabla/tune/lr_find.h>

namespace nabla::tune {

// {"hessian": {lambda_max, iterations, converged, estimates, samples, stability_bound, suggested_lr},
//  "sweep": {lr, loss, smoothed, exploded, min_loss_lr, steepest_lr, suggested_lr}, optimizer,
//  parameters}; values that do not exist (no positive curvature, no steepest descent) are null.
[[nodiscard]] nlohmann::json lr_find_json(const LrFindResult& r);

// Loss and smoothed loss (log axis) against the learning rate (log axis, labelled with real values), with
// one suggestion, the sweep's, named with its reason, and the stability bound 2/λ_max.
[[nodiscard]] std::string lr_find_svg(const LrFindResult& r);

// lr_find.json and lr_find.svg into dir (created when missing), each atomically.
void write_lr_find(const std::filesystem::path& dir, const LrFindResult& r);

}  // namespace nabla::tune
