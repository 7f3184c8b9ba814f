// The doctor's rules on the losses: each symptom of the lecture's table as a test on the History, with
// named thresholds; and the order and precedence of all the rules.
#include <nabla/doctor/doctor.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "rules.h"

namespace nabla::doctor {
namespace detail {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string epoch_str(int64_t e) { return "epoch " + std::to_string(e); }

std::string listed(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

}  // namespace detail

namespace {

using namespace detail;

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
      f.evidence += ", after " + num(c.epochs[i - 1].train_loss) + " the epoch before";
      f.values["previous_train_loss"] = c.epochs[i - 1].train_loss;
    }
    return f;
  }
  return std::nullopt;
}

std::optional<Finding> exploding_loss(const Context& c) {
  const double start = c.epochs.front().train_loss;
  double lowest = start;
  for (const train::EpochRecord& e : c.epochs) {
    const bool rose = e.train_loss >= kDivergenceRise * lowest && e.train_loss > start;
    const bool absurd = c.chance && e.train_loss >= kDivergenceChanceFactor * *c.chance;
    if (rose || absurd) {
      Finding f{.code = "divergence", .epoch = e.epoch};
      f.evidence = "training loss reached " + num(e.train_loss) + " at " + epoch_str(e.epoch);
      if (&e != &c.epochs.front())
        f.evidence += ", " + num(e.train_loss / lowest) + "x its lowest earlier value " + num(lowest);
      if (absurd) f.evidence += ", and " + num(e.train_loss / *c.chance) + "x the chance level " + num(*c.chance);
      f.values = {{"train_loss", e.train_loss}, {"lowest_train_loss", lowest}, {"lr", e.lr}};
      return f;
    }
    lowest = std::min(lowest, e.train_loss);
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
                 .evidence = "training loss fell only " + num(100 * fall) + " % per epoch (under " +
                             num(100 * kSlowFall) + " %) up to " + epoch_str(end.epoch) + ", from " +
                             num(first.train_loss) + " to " + num(end.train_loss),
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
  // Weakening regularisation is advice only for a run that has some.
  const std::string weaken = c.regularisation.empty()
                                 ? "the run has no regularisation to weaken: "
                                 : "decrease the strength of regularisation (" + listed(c.regularisation) + ") or ";
  return Finding{.code = "underfitting",
                 .epoch = best.epoch,
                 .evidence = "the lowest training loss, " + num(best.train_loss) + " at " + epoch_str(best.epoch) +
                             ", stays above half the chance level (a uniform guess's loss) " + num(*c.chance) +
                             " (" + num(limit) + ")",
                 .advice = weaken + "increase the model's capacity (wider or more layers); train longer while the "
                                    "loss still falls",
                 .values = {{"lowest_train_loss", best.train_loss}, {"chance_loss", *c.chance}}};
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
  const std::string strengthen =
      c.regularisation.empty() ? "add regularisation (--l2, --weight-decay, dropout layers or --augment on images)"
                               : "increase the strength of regularisation (" + listed(c.regularisation) + ")";
  return Finding{.code = "overfitting",
                 .epoch = onset.epoch,
                 .evidence = "validation loss " + num(onset.val_loss) + " at " + epoch_str(onset.epoch) + " is " +
                             num(onset.val_loss / onset.train_loss) + "x the training loss " +
                             num(onset.train_loss) + ", and " + num(100 * (onset.val_loss / best->val_loss - 1)) +
                             " % above its lowest value " + num(best->val_loss),
                 .advice = strengthen + ", decrease the model's capacity or add data; check that training and "
                           "validation data come from one distribution; early stopping (--early-stopping) would "
                           "keep the weights of the lowest validation loss",
                 .values = {{"val_loss", onset.val_loss}, {"train_loss", onset.train_loss},
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

// The entropy of smoothed targets, (1 − ε + ε/C) on the label and ε/C on each other class: the
// cross-entropy of a model that predicts them exactly, below which no loss goes.
double smoothed_target_entropy(double smoothing, int64_t classes) {
  const double c = static_cast<double>(classes), other = smoothing / c, label = 1 - smoothing + other;
  auto term = [](double p) { return p > 0 ? -p * std::log(p) : 0.0; };
  return term(label) + (c - 1) * term(other);
}

// The history with its losses less floor: what the rules judge.
train::History above_floor(const train::History& history, double floor) {
  train::History shifted = history;
  for (train::EpochRecord& e : shifted.epochs) {
    e.train_loss -= floor;
    e.val_loss -= floor;
  }
  return shifted;
}

// The rules on history's losses, with chance the loss of a uniform guess on their scale (unset: unknown).
std::vector<Finding> diagnose_losses(const train::History& history, const DoctorOptions& options,
                                     std::optional<double> chance) {
  const Context c{
      .history = history, .epochs = history.epochs, .chance = chance, .regularisation = options.regularisation};
  std::vector<Finding> findings;
  const std::optional<Finding> diverged = divergence(c);
  if (diverged) findings.push_back(*diverged);
  if (auto f = exploding_gradients(c)) findings.push_back(*f);
  if (!diverged) {
    // A slow or high loss: the first cause that shows (see diagnose's contract).
    for (auto rule : {vanishing_gradients, lr_too_small, underfitting})
      if (auto f = rule(c)) {
        findings.push_back(*f);
        break;
      }
  }
  if (auto f = dead_relu(c)) findings.push_back(*f);  // what a huge step leaves behind, diverged or not
  if (!diverged) {
    for (auto rule : {overfitting, bad_split})
      if (auto f = rule(c)) findings.push_back(*f);
  }
  if (findings.empty()) findings.push_back(healthy(c));
  return findings;
}

}  // namespace

std::vector<Finding> diagnose(const train::History& history, const DoctorOptions& options) {
  if (history.epochs.empty()) throw std::invalid_argument("doctor: the history has no epochs to diagnose");
  if (options.num_classes < 0 || options.num_classes == 1)
    throw std::invalid_argument("doctor: num_classes must be 0 (unknown) or at least 2, not " +
                                std::to_string(options.num_classes));
  if (!(options.label_smoothing >= 0 && options.label_smoothing <= 1))
    throw std::invalid_argument("doctor: label_smoothing must be in [0, 1], not " + num(options.label_smoothing));
  if (options.num_classes < 2) return diagnose_losses(history, options, std::nullopt);
  const double chance = std::log(static_cast<double>(options.num_classes));
  if (options.label_smoothing == 0) return diagnose_losses(history, options, chance);
  const double floor = smoothed_target_entropy(options.label_smoothing, options.num_classes);
  std::vector<Finding> findings = diagnose_losses(above_floor(history, floor), options, chance - floor);
  for (Finding& f : findings)
    f.evidence = "losses counted above " + num(floor) + ", the lowest that label smoothing " +
                 num(options.label_smoothing) + " allows: " + f.evidence;
  return findings;
}

}  // namespace nabla::doctor
