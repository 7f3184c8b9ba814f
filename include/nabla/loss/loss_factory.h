// Losses by name for the command line (cross_entropy | bce | logistic | mse | hinge), with the kind of
// target each expects and the encoding of integer class labels into that kind.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <nabla/loss/reduction.h>
#include <nabla/tensor/tensor.h>

namespace nabla::loss {

// What a loss compares the model's output with.
enum class Target {
  class_index,     // int64 labels in [0, C) against (N, C) logits: cross_entropy
  zero_one,        // 0/1 targets against one logit per sample: bce
  plus_minus_one,  // ±1 labels against one score per sample: logistic, hinge
  real,            // real values of the output's shape: mse
};

using LossFunction = std::function<Tensor(const Tensor& output, const Tensor& target)>;

struct Loss {
  std::string name{};
  Target target = Target::class_index;
  LossFunction fn{};

  [[nodiscard]] Tensor operator()(const Tensor& output, const Tensor& target_values) const {
    return fn(output, target_values);
  }
};

// The names make_loss accepts, in the order listed in its error.
[[nodiscard]] const std::vector<std::string>& loss_names();

// Throws std::invalid_argument naming the unknown name and listing the known ones. label_smoothing ε > 0
// smooths cross_entropy's targets (cross_entropy.h); the other losses refuse it.
[[nodiscard]] Loss make_loss(const std::string& name, Reduction reduction = Reduction::mean,
                             double label_smoothing = 0);

// Integer class labels (int64 (N)) as the targets of `target` kind for this output: class_index
// unchanged; zero_one the labels as 0/1 in the output's dtype; plus_minus_one 2·label − 1; real the
// one-hot rows when the output is (N, C) with C > 1, else the labels as numbers. zero_one and
// plus_minus_one need every label to be 0 or 1 and throw naming the first that is not, and its index.
[[nodiscard]] Tensor encode_targets(const Tensor& labels, Target target, const Tensor& output);

}  // namespace nabla::loss
