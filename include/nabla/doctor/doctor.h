// The doctor: reads a run's History and names what went wrong, with the lecture's advice — the table of
// symptoms of a training run (loss exploding, falling too slowly, staying huge, validation ≫ training,
// training ≫ validation), gradients vanishing or exploding per layer, and ReLU units that died.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nabla/train/history.h>

namespace nabla::doctor {

// One diagnosis. code is one of: divergence, exploding_gradients, vanishing_gradients, lr_too_small,
// underfitting, dead_relu, overfitting, bad_split, healthy.
struct Finding {
  std::string code{};
  int64_t epoch = 0;        // 1-based epoch where the symptom shows: the one epoch its evidence names
  std::string evidence{};   // one line with the numbers that show it
  std::string advice{};     // what to change, after the lecture
  std::map<std::string, double> values{};  // the evidence as numbers, by name
};

struct DoctorOptions {
  // Classes of the task; the chance-level loss log(C) of a uniform guess scales "high" losses.
  // 0: unknown, which leaves out the checks that need it (underfitting, and vanishing gradients in a
  // history without per-layer records).
  int64_t num_classes = 0;
  // The regularisation the run used, as its settings read ("--l2 0.01", "dropout"); empty: none. Advice
  // to weaken regularisation names only what is there; advice to strengthen it says to add some when
  // there is none.
  std::vector<std::string> regularisation{};
  // Label smoothing ε of a cross-entropy run: its targets (1 − ε)·onehot + ε/C have entropy H > 0, the
  // lowest loss a model can reach, so the rules judge the losses above H (and the chance level log C − H);
  // each finding's evidence begins by saying so and cites losses less H. Needs num_classes; 0: none.
  double label_smoothing = 0;
};

// Findings in a fixed order (divergence, exploding_gradients, vanishing_gradients, lr_too_small,
// underfitting, dead_relu, overfitting, bad_split), or one `healthy` finding when none applies. After
// a divergence only exploding_gradients and dead_relu are checked: the loss comparisons would compare
// non-finite numbers.
// A loss that falls slowly or stays high has one cause named, not three: vanishing_gradients first (the
// gradient does not reach the early layers, so neither a larger step nor more capacity helps), else
// lr_too_small (the lecture's "Trn loss is decreasing very slowly => small learning rate": whether the
// model can fit is judged once it learns at a useful speed), else underfitting ("Trn loss is huge").
// Vanishing gradients are judged per layer where the history has per-layer gradient norms (naming the
// layers the gradient fades in on its way back to the input), and from the global norm's fall.
// Throws std::invalid_argument for a history without epochs or a num_classes of 1 or below 0.
[[nodiscard]] std::vector<Finding> diagnose(const train::History& history, const DoctorOptions& options = {});

}  // namespace nabla::doctor
