// The doctor: reads a run's History and names what went wrong, with the lecture's advice — the table of
// symptoms of a training run (loss exploding, falling too slowly, staying huge, validation ≫ training,
// training ≫ validation) and the gradient norm's vanishing or exploding.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nabla/train/history.h>

namespace nabla::doctor {

// One diagnosis. code is one of: divergence, lr_too_small, underfitting, overfitting, bad_split,
// vanishing_gradients, exploding_gradients, healthy.
struct Finding {
  std::string code{};
  int64_t epoch = 0;        // 1-based epoch where the symptom shows
  std::string evidence{};   // one line with the numbers that show it
  std::string advice{};     // what to change, after the lecture
  std::map<std::string, double> values{};  // the evidence as numbers, by name
};

struct DoctorOptions {
  // Classes of the task; the chance-level loss log(C) of a uniform guess scales "high" losses.
  // 0: unknown, which leaves out the checks that need it (underfitting, vanishing gradients).
  int64_t num_classes = 0;
};

// Findings in a fixed order (divergence, exploding_gradients, lr_too_small, underfitting,
// vanishing_gradients, overfitting, bad_split), or one `healthy` finding when none applies. After a
// divergence only the gradient checks run: the loss comparisons would compare non-finite numbers.
// Throws std::invalid_argument for a history without epochs or a num_classes of 1 or below 0.
[[nodiscard]] std::vector<Finding> diagnose(const train::History& history, const DoctorOptions& options = {});

}  // namespace nabla::doctor
