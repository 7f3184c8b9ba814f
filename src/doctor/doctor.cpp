// The doctor's rules: each symptom of the lecture's table as a test on the History, with named thresholds.
#include <nabla/doctor/doctor.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>

namespace nabla::doctor {
namespace {

// divergence: a training loss ten times its lowest earlier value, and above where training started,
// is not noise: the steps overshoot and each one lands higher ("Trn loss explodes to infinity").
constexpr double kDivergenceRise = 10;
// divergence: a loss ten times the chance level log C puts e^-10·log C = C^-10 on the true class on
// average — the model is confidently wrong, which a sane step never produces.
constexpr double kDivergenceChanceFactor = 10;
// lr_too_small: the learning speed is measured over the first epochs, where a useful learning rate
// makes its largest progress (later a schedule decays it and the loss levels off near convergence).
constexpr int64_t kSpeedWindow = 5;
// lr_too_small: below a 2 % fall per epoch, halving the loss takes ln 2 / -ln 0.98 ≈ 34 epochs; runs
// with a sound learning rate fall by tens of percent per early epoch.
constexpr double kSlowFall = 0.02;
// lr_too_small: below a tenth of the chance level the geometric-mean probability of the true class,
// e^-loss, is above C^-0.1 (0.79 for 10 classes): nearly converged, so a slow fall is expected.
constexpr double kConvergedFraction = 0.1;
// underfitting: above half the chance level, e^-loss is below 1/√C (0.32 for 10 classes, 0.71 for 2):
// the model is nearer to guessing (1/C) than to certainty (1), in log terms ("Trn loss is huge").
constexpr double kUnderfitFraction = 0.5;
// overfitting: the training loss of a History is the mean over an epoch of improving weights, with
// dropout on, so it sits above the loss of the final weights; a validation loss 1.5 times above it
// is a gap those effects do not explain ("Tst loss ≫ Trn loss").
constexpr double kOverfitRatio = 1.5;
// overfitting: rising means 5 % above its lowest value, more than the epoch-to-epoch noise of the mean
// loss on a validation set of a few hundred samples.
constexpr double kValidationRise = 0.05;
// bad_split: from the second epoch on, dropout and the epoch mean's lag lift the training loss by tens
// of percent at most; twice the validation loss is more than they explain ("Trn loss ≫ Tst loss").
constexpr double kBadSplitRatio = 2;
// vanishing_gradients: a gradient norm down by two orders of magnitude from the first epoch while the
// loss is still high has not shrunk because a minimum is near: it no longer reaches the weights.
constexpr double kVanishingRatio = 1e-2;
// exploding_gradients: one batch's gradient two orders of magnitude above the first epoch's mean throws
// the weights far beyond where the gradient was measured.
constexpr double kExplodingRatio = 100;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string epoch_str(int64_t e) { return "epoch " + std::to_string(e); }

struct Context {
  const std::vector<train::EpochRecord>& epochs;
  std::optional<double> chance;  // log C
  [[nodiscard]] const train::EpochRecord& last() const { return epochs.back(); }
};

std::optional<Finding> non_finite_loss(const Context& c) {
  for (std::size_t i = 0; i < c.epochs.size(); ++i) {
    const train::EpochRecord& e = c.epochs[i];
    const bool train_bad = !std::isfinite(e.train_loss);
    if (!train_bad && std::isfinite(e.val_loss)) continue;
    Finding f{.code = "divergence", .epoch = e.epoch};
    f.evidence = std::string(train_bad ? "training" : "validation") + " loss is " +
                 num(train_bad ? e.train_loss : e.val_loss) + " at " + epoch_str(e.epoch);
    f.values["lr"] = e.lr;
    if (i > 0) {
      f.evidence += ", after " + num(c.epochs[i - 1].train_loss) + " at " + epoch_str(c.epochs[i - 1].epoch);
      f.values["previous_train_loss"] = c.epochs[i - 1].train_loss;
    }
    return f;
  }
  return std::nullopt;
}

std::optional<Finding> exploding_loss(const Context& c) {
  const double start = c.epochs.front().train_loss;
  double lowest = start;
  int64_t lowest_epoch = c.epochs.front().epoch;
  for (const train::EpochRecord& e : c.epochs) {
    const bool rose = e.train_loss >= kDivergenceRise * lowest && e.train_loss > start;
    const bool absurd = c.chance && e.train_loss >= kDivergenceChanceFactor * *c.chance;
    if (rose || absurd) {
      Finding f{.code = "divergence", .epoch = e.epoch};
      f.evidence = "training loss rose to " + num(e.train_loss) + " at " + epoch_str(e.epoch) + ", " +
                   num(e.train_loss / lowest) + "x its lowest " + num(lowest) + " at " + epoch_str(lowest_epoch);
      if (absurd) f.evidence += ", and " + num(e.train_loss / *c.chance) + "x the chance level " + num(*c.chance);
      f.values = {{"train_loss", e.train_loss}, {"lowest_train_loss", lowest}, {"lr", e.lr}};
      return f;
    }
    if (e.train_loss < lowest) {
      lowest = e.train_loss;
      lowest_epoch = e.epoch;
    }
  }
  return std::nullopt;
}

std::optional<Finding> divergence(const Context& c) {
  std::optional<Finding> f = non_finite_loss(c);
  if (!f) f = exploding_loss(c);
  if (f)
    f->advice = "decrease the learning rate (it was " + num(f->values.at("lr")) + "; try " +
                num(f->values.at("lr") / 10) + ")";
  return f;
}

std::optional<Finding> exploding_gradients(const Context& c) {
  const double first = c.epochs.front().grad_norm;
  if (!(first > 0)) return std::nullopt;
  for (const train::EpochRecord& e : c.epochs) {
    if (!(e.grad_norm_max >= kExplodingRatio * first)) continue;  // false for NaN: no batch measured
    return Finding{.code = "exploding_gradients",
                   .epoch = e.epoch,
                   .evidence = "a batch gradient norm reached " + num(e.grad_norm_max) + " at " + epoch_str(e.epoch) +
                               ", " + num(e.grad_norm_max / first) + "x the first epoch's mean " + num(first),
                   .advice = "decrease the learning rate (it was " + num(e.lr) +
                             "), standardise the inputs (--normalize) or add batch normalisation",
                   .values = {{"grad_norm_max", e.grad_norm_max}, {"first_grad_norm", first}, {"lr", e.lr}}};
  }
  return std::nullopt;
}

std::optional<Finding> lr_too_small(const Context& c) {
  const int64_t window = std::min<int64_t>(kSpeedWindow, static_cast<int64_t>(c.epochs.size()));
  if (window < 2) return std::nullopt;
  const train::EpochRecord& first = c.epochs.front();
  const train::EpochRecord& end = c.epochs[window - 1];
  if (c.chance && end.train_loss < kConvergedFraction * *c.chance) return std::nullopt;
  // Mean relative fall per epoch: the geometric mean of the ratios of consecutive losses.
  const double fall = 1 - std::pow(end.train_loss / first.train_loss, 1.0 / static_cast<double>(window - 1));
  if (!(fall >= 0 && fall < kSlowFall)) return std::nullopt;
  // The largest learning rate of the window: a schedule may already have lowered it, or still warm it up.
  double lr = 0;
  for (int64_t i = 0; i < window; ++i) lr = std::max(lr, c.epochs[i].lr);
  return Finding{.code = "lr_too_small",
                 .epoch = end.epoch,
                 .evidence = "training loss fell from " + num(first.train_loss) + " to " + num(end.train_loss) +
                             " over epochs " + std::to_string(first.epoch) + "-" + std::to_string(end.epoch) + ", " +
                             num(100 * fall) + " % per epoch (under " + num(100 * kSlowFall) + " %)",
                 .advice = "increase the learning rate (it was " + num(lr) + " at most; try " + num(lr * 10) + ")",
                 .values = {{"first_train_loss", first.train_loss}, {"train_loss", end.train_loss},
                            {"fall_per_epoch", fall}, {"lr", lr}}};
}

const train::EpochRecord& lowest_train_loss(const Context& c) {
  return *std::min_element(c.epochs.begin(), c.epochs.end(),
                           [](const train::EpochRecord& a, const train::EpochRecord& b) { return a.train_loss < b.train_loss; });
}

std::optional<Finding> underfitting(const Context& c) {
  if (!c.chance) return std::nullopt;
  const train::EpochRecord& best = lowest_train_loss(c);
  const double limit = kUnderfitFraction * *c.chance;
  if (best.train_loss <= limit) return std::nullopt;
  return Finding{.code = "underfitting",
                 .epoch = c.last().epoch,
                 .evidence = "the lowest training loss, " + num(best.train_loss) + " at " + epoch_str(best.epoch) +
                             ", stays above half the chance level log C = " + num(*c.chance) + " (" + num(limit) + ")",
                 .advice = "decrease the strength of regularisation (--l2, dropout, --weight-decay) or increase the "
                           "model's capacity (wider or more layers); train longer while the loss still falls",
                 .values = {{"lowest_train_loss", best.train_loss}, {"chance_loss", *c.chance}}};
}

std::optional<Finding> vanishing_gradients(const Context& c) {
  const double first = c.epochs.front().grad_norm;
  if (!c.chance || !(first > 0)) return std::nullopt;
  for (const train::EpochRecord& e : c.epochs) {
    if (!(e.grad_norm <= kVanishingRatio * first) || e.train_loss <= kUnderfitFraction * *c.chance) continue;
    return Finding{.code = "vanishing_gradients",
                   .epoch = e.epoch,
                   .evidence = "mean gradient norm fell from " + num(first) + " at epoch 1 to " + num(e.grad_norm) +
                               " at " + epoch_str(e.epoch) + " (" + num(e.grad_norm / first) +
                               "x) while the training loss " + num(e.train_loss) + " is still above half of log C = " +
                               num(*c.chance),
                   .advice = "the gradient no longer reaches the weights: prefer relu to sigmoid or tanh, keep Xavier "
                             "initialisation, add batch normalisation, or lower the learning rate if ReLUs died",
                   .values = {{"grad_norm", e.grad_norm}, {"first_grad_norm", first}, {"train_loss", e.train_loss}}};
  }
  return std::nullopt;
}

std::optional<Finding> overfitting(const Context& c) {
  const train::EpochRecord& end = c.last();
  const auto best = std::min_element(c.epochs.begin(), c.epochs.end(), [](const train::EpochRecord& a, const train::EpochRecord& b) {
    return a.val_loss < b.val_loss;
  });
  if (best == c.epochs.end() - 1) return std::nullopt;  // still at its lowest: not rising
  const double floor = (1 + kValidationRise) * best->val_loss;
  if (end.val_loss < kOverfitRatio * end.train_loss || end.val_loss < floor) return std::nullopt;
  // The first epoch after the best one that shows the symptom; the last epoch does, so one exists.
  const train::EpochRecord& onset = *std::find_if(best + 1, c.epochs.end(), [&](const train::EpochRecord& e) {
    return e.val_loss >= kOverfitRatio * e.train_loss && e.val_loss >= floor;
  });
  return Finding{.code = "overfitting",
                 .epoch = onset.epoch,
                 .evidence = "validation loss " + num(end.val_loss) + " is " + num(end.val_loss / end.train_loss) +
                             "x the training loss " + num(end.train_loss) + " at " + epoch_str(end.epoch) +
                             ", and has risen " + num(100 * (end.val_loss / best->val_loss - 1)) +
                             " % since its lowest " + num(best->val_loss) + " at " + epoch_str(best->epoch),
                 .advice = "increase the strength of regularisation (--l2, dropout, --weight-decay), decrease the "
                           "model's capacity or add data; check that training and validation data come from one "
                           "distribution; early stopping (--early-stopping) would keep " + epoch_str(best->epoch),
                 .values = {{"val_loss", end.val_loss}, {"train_loss", end.train_loss},
                            {"lowest_val_loss", best->val_loss}, {"best_epoch", static_cast<double>(best->epoch)}}};
}

std::optional<Finding> bad_split(const Context& c) {
  const train::EpochRecord& end = c.last();
  if (c.epochs.size() < 2 || end.train_loss < kBadSplitRatio * end.val_loss) return std::nullopt;
  return Finding{.code = "bad_split",
                 .epoch = end.epoch,
                 .evidence = "training loss " + num(end.train_loss) + " is " + num(end.train_loss / end.val_loss) +
                             "x the validation loss " + num(end.val_loss) + " at " + epoch_str(end.epoch),
                 .advice = "the training and validation data are divided badly: split them at random and stratified "
                           "(--val-fraction, --seed), and look for duplicates or easier samples in the validation set",
                 .values = {{"train_loss", end.train_loss}, {"val_loss", end.val_loss}}};
}

Finding healthy(const Context& c) {
  const train::EpochRecord& first = c.epochs.front();
  const train::EpochRecord& end = c.last();
  return Finding{.code = "healthy",
                 .epoch = end.epoch,
                 .evidence = "training loss fell from " + num(first.train_loss) + " to " + num(end.train_loss) +
                             "; validation loss " + num(end.val_loss) + " at " + epoch_str(end.epoch) +
                             "; gradient norm " + num(first.grad_norm) + " -> " + num(end.grad_norm),
                 .advice = "nothing to change: the losses fall together and the gradient norm stays in range",
                 .values = {{"first_train_loss", first.train_loss}, {"train_loss", end.train_loss},
                            {"val_loss", end.val_loss}, {"grad_norm", end.grad_norm}}};
}

}  // namespace

std::vector<Finding> diagnose(const train::History& history, const DoctorOptions& options) {
  if (history.epochs.empty()) throw std::invalid_argument("doctor: the history has no epochs to diagnose");
  if (options.num_classes < 0 || options.num_classes == 1)
    throw std::invalid_argument("doctor: num_classes must be 0 (unknown) or at least 2, not " +
                                std::to_string(options.num_classes));
  const Context c{.epochs = history.epochs,
                  .chance = options.num_classes >= 2
                                ? std::optional<double>(std::log(static_cast<double>(options.num_classes)))
                                : std::nullopt};
  std::vector<Finding> findings;
  const std::optional<Finding> diverged = divergence(c);
  if (diverged) findings.push_back(*diverged);
  if (auto f = exploding_gradients(c)) findings.push_back(*f);
  if (!diverged) {
    for (auto rule : {lr_too_small, underfitting, vanishing_gradients, overfitting, bad_split})
      if (auto f = rule(c)) findings.push_back(*f);
  }
  if (findings.empty()) findings.push_back(healthy(c));
  return findings;
}

}  // namespace nabla::doctor
