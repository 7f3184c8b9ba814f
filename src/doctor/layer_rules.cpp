// The doctor's rules on gradients and ReLUs, per layer where the history has per-layer records: the
// gradient fading on its way back to the input, a gradient growing by orders of magnitude, and ReLU
// units that never fire.
#include <algorithm>
#include <cmath>

#include "rules.h"

namespace nabla::doctor::detail {
namespace {

// vanishing_gradients, per layer: a layer whose gradient per weight (its RMS gradient) is under a
// hundredth of a layer's closer to the output learns a hundred times slower at the same step: the
// signal fades on its way back, and that layer stays near its initialisation while the later ones fit.
// Between the layers of a healthy network the RMS gradient differs by a few times, not a hundred.
constexpr double kLayerVanishingRatio = 1e-2;
// vanishing_gradients, without per-layer records: a gradient norm down by two orders of magnitude from
// the first epoch while the loss is still high has not shrunk because a minimum is near: it no longer
// reaches the weights.
constexpr double kVanishingRatio = 1e-2;
// exploding_gradients: one batch's gradient (or a layer's mean gradient) two orders of magnitude above
// the first epoch's mean throws the weights far beyond where the gradient was measured.
constexpr double kExplodingRatio = 100;
// exploding_gradients names the layers whose gradient grew by an order of magnitude or more, beyond the
// noise of a mean over one epoch's batches.
constexpr double kNamedGrowth = 10;
// dead_relu: half a layer's units silent on every validation sample halves the layer's width, and a dead
// unit passes no gradient back, so it cannot learn to fire again. Trained healthy ReLU layers keep most
// of their units alive.
constexpr double kDeadShare = 0.5;

// The lecture's words on gradients near zero or infinity, and its remedies.
constexpr const char* kStuck = "the lecture: \"achieving close-to-zero gradient usually means that learning got stuck\"";
constexpr const char* kDiverges =
    "the lecture: \"achieving close-to-infinity gradient usually means that learning diverges\"";
constexpr const char* kRemedies =
    "we can avoid it by \"suitable initialization\" (Xavier, nabla's default, or --init-from weights trained "
    "before) and an \"optimization-friendly network structure\" (relu instead of sigmoid or tanh, batchnorm "
    "between the layers, fewer layers)";

bool has_layers(const Context& c, const train::EpochRecord& e) {
  return !c.history.layers.empty() && e.layer_grad_norm.size() == c.history.layers.size();
}

// The gradient per trainable value of each layer; NaN for a layer without values.
std::vector<double> rms_gradients(const Context& c, const train::EpochRecord& e) {
  std::vector<double> rms;
  for (std::size_t l = 0; l < c.history.layers.size(); ++l) {
    const auto n = static_cast<double>(c.history.layers[l].parameters);
    rms.push_back(n > 0 ? e.layer_grad_norm[l] / std::sqrt(n) : std::nan(""));
  }
  return rms;
}

std::string layer_names(const Context& c, const std::vector<std::size_t>& layers) {
  std::vector<std::string> names;
  for (std::size_t l : layers) names.push_back(c.history.layers[l].name);
  return (layers.size() == 1 ? "layer " : "layers ") + listed(names);
}

std::string vanishing_advice() { return std::string(kStuck) + "; " + kRemedies; }

std::optional<Finding> faded_layers(const Context& c) {
  for (const train::EpochRecord& e : c.epochs) {
    if (!has_layers(c, e)) continue;
    const std::vector<double> rms = rms_gradients(c, e);
    // later[l]: of the layers after l (closer to the output), the one with the largest RMS gradient.
    std::vector<std::size_t> later(rms.size(), rms.size() - 1);
    for (std::size_t l = rms.size() - 1; l-- > 0;) {
      const std::size_t next = l + 1;
      later[l] = next + 1 < rms.size() && rms[later[next]] > rms[next] ? later[next] : next;
    }
    std::vector<std::size_t> faded;
    for (std::size_t l = 0; l + 1 < rms.size(); ++l)
      if (rms[l] < kLayerVanishingRatio * rms[later[l]]) faded.push_back(l);
    if (faded.empty()) continue;
    const std::size_t ref = later[faded.front()];
    double lo = rms[faded.front()], hi = lo;
    for (std::size_t l : faded) lo = std::min(lo, rms[l]), hi = std::max(hi, rms[l]);
    Finding f{.code = "vanishing_gradients", .epoch = e.epoch};
    f.evidence = "at " + epoch_str(e.epoch) + " the gradient fades on its way back to the input: " +
                 layer_names(c, faded) + " get " + (lo == hi ? num(lo) : num(lo) + " to " + num(hi)) +
                 " per weight (RMS), under 1/" + num(1 / kLayerVanishingRatio) + " of layer " +
                 c.history.layers[ref].name + "'s " + num(rms[ref]);
    f.advice = vanishing_advice();
    f.values = {{"reference_rms_gradient", rms[ref]}, {"train_loss", e.train_loss}};
    for (std::size_t l : faded) f.values["rms_gradient_layer_" + c.history.layers[l].name] = rms[l];
    return f;
  }
  return std::nullopt;
}

// Every layer at once, or a history without per-layer records (an earlier version's): the global norm's
// fall while the loss is high.
std::optional<Finding> faded_norm(const Context& c) {
  const double first = c.epochs.front().grad_norm;
  if (!c.chance || !(first > 0)) return std::nullopt;
  for (const train::EpochRecord& e : c.epochs) {
    if (!(e.grad_norm <= kVanishingRatio * first) || e.train_loss <= kUnderfitFraction * *c.chance) continue;
    return Finding{.code = "vanishing_gradients",
                   .epoch = e.epoch,
                   .evidence = "mean gradient norm fell to " + num(e.grad_norm) + " at " + epoch_str(e.epoch) + ", " +
                               num(e.grad_norm / first) + "x its mean at the start of training (" + num(first) +
                               "), while the training loss " + num(e.train_loss) +
                               " is still above half the chance level (a uniform guess's loss) " + num(*c.chance),
                   .advice = vanishing_advice(),
                   .values = {{"grad_norm", e.grad_norm}, {"first_grad_norm", first}, {"train_loss", e.train_loss}}};
  }
  return std::nullopt;
}

// The layers whose mean gradient norm at e is at least `ratio` times their first epoch's, by growth.
std::vector<std::pair<double, std::size_t>> grown_layers(const Context& c, const train::EpochRecord& e, double ratio) {
  std::vector<std::pair<double, std::size_t>> grown;
  const train::EpochRecord& first = c.epochs.front();
  if (!has_layers(c, e) || !has_layers(c, first)) return grown;
  for (std::size_t l = 0; l < e.layer_grad_norm.size(); ++l)
    if (first.layer_grad_norm[l] > 0 && e.layer_grad_norm[l] >= ratio * first.layer_grad_norm[l])
      grown.emplace_back(e.layer_grad_norm[l] / first.layer_grad_norm[l], l);
  std::sort(grown.rbegin(), grown.rend());
  return grown;
}

}  // namespace

std::optional<Finding> vanishing_gradients(const Context& c) {
  if (std::optional<Finding> f = faded_layers(c)) return f;
  return faded_norm(c);
}

std::optional<Finding> exploding_gradients(const Context& c) {
  const double first = c.epochs.front().grad_norm;
  for (const train::EpochRecord& e : c.epochs) {
    const bool batch = first > 0 && e.grad_norm_max >= kExplodingRatio * first;  // false for NaN: none measured
    std::vector<std::pair<double, std::size_t>> grown = grown_layers(c, e, kExplodingRatio);
    if (!batch && grown.empty()) continue;
    Finding f{.code = "exploding_gradients", .epoch = e.epoch};
    f.evidence = batch ? "a batch gradient norm reached " + num(e.grad_norm_max) + " at " + epoch_str(e.epoch) + ", " +
                             num(e.grad_norm_max / first) + "x the mean at the start of training (" + num(first) + ")"
                       : "at " + epoch_str(e.epoch) + " a layer's mean gradient norm grew " + num(grown.front().first) +
                             "x since the start of training";
    // Name where it grew: the layers past the ratio, or else those that grew tenfold.
    if (grown.empty()) grown = grown_layers(c, e, kNamedGrowth);
    if (!grown.empty()) {
      std::vector<std::size_t> layers;
      std::string growth;
      for (const auto& [ratio, l] : grown) {
        layers.push_back(l);
        growth += (growth.empty() ? "" : ", ") + num(ratio) + "x";
        f.values["growth_layer_" + c.history.layers[l].name] = ratio;
      }
      f.evidence += "; most in " + layer_names(c, layers) + " (" + growth + " its first-epoch mean)";
    }
    f.advice = std::string(kDiverges) + "; decrease the learning rate (it was " + num(e.lr) +
               "), standardise the inputs (--normalize) or add batch normalisation";
    f.values["grad_norm_max"] = e.grad_norm_max;
    f.values["first_grad_norm"] = first;
    f.values["lr"] = e.lr;
    return f;
  }
  return std::nullopt;
}

std::optional<Finding> dead_relu(const Context& c) {
  const std::vector<std::string>& names = c.history.relu_layers;
  for (const train::EpochRecord& e : c.epochs) {
    if (names.empty() || e.dead_relu.size() != names.size()) continue;
    std::vector<std::string> dead;
    Finding f{.code = "dead_relu", .epoch = e.epoch};
    for (std::size_t l = 0; l < names.size(); ++l) {
      if (!(e.dead_relu[l] >= kDeadShare)) continue;
      dead.push_back(num(100 * e.dead_relu[l]) + " % of layer " + names[l] + "'s");
      f.values["dead_share_layer_" + names[l]] = e.dead_relu[l];
    }
    if (dead.empty()) continue;
    f.evidence = "at " + epoch_str(e.epoch) + ", " + listed(dead) + " units never fire on the validation batch";
    f.advice = "a unit whose input is negative for every sample passes no gradient back and stays dead: decrease "
               "the learning rate (it was " + num(e.lr) + ") so that no step throws a unit's bias far below zero, "
               "and keep a \"suitable initialization\" (Xavier, nabla's default, with zero biases)";
    f.values["lr"] = e.lr;
    return f;
  }
  return std::nullopt;
}

}  // namespace nabla::doctor::detail
