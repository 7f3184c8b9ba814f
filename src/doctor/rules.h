// What the doctor's rules share: the run's history seen through its context, and the way findings
// write numbers and epochs. Internal to the doctor.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nabla/doctor/doctor.h>

namespace nabla::doctor::detail {

struct Context {
  const train::History& history;
  const std::vector<train::EpochRecord>& epochs;
  std::optional<double> chance;              // log C
  std::vector<std::string> regularisation;   // DoctorOptions::regularisation
  [[nodiscard]] const train::EpochRecord& last() const { return epochs.back(); }
};

// v to 4 significant digits, as printf's %g.
[[nodiscard]] std::string num(double v);
// "epoch 3"
[[nodiscard]] std::string epoch_str(int64_t e);
// "a, b and c"
[[nodiscard]] std::string listed(const std::vector<std::string>& items);

// Below half the chance level log C, e^-loss is above 1/√C: the model is nearer to certainty than to
// guessing, in log terms; above it the loss is still "huge" (the lecture's underfitting).
constexpr double kUnderfitFraction = 0.5;

// The rules on the per-layer records (layer_rules.cpp).
[[nodiscard]] std::optional<Finding> vanishing_gradients(const Context& c);
[[nodiscard]] std::optional<Finding> exploding_gradients(const Context& c);
[[nodiscard]] std::optional<Finding> dead_relu(const Context& c);

}  // namespace nabla::doctor::detail
