// The optimizers of `nabla lab trajectory`, each with its own hyper-parameters:
// --optimizers 'sgd:lr=5e-3,sgd:lr=1e-3,momentum:lr=1e-3:momentum=0.9'.
#pragma once
#include <string>
#include <vector>

#include <nabla/optim/lab/trajectory.h>

namespace nabla::cli {

// Each item is an optimizer name, then `:key=value` pairs that set its hyper-parameters (the keys of a
// config file's optimizer section: lr, momentum, nesterov, weight_decay, beta1, beta2, eps, …) over
// `shared` (the flags common to all, such as --lr). The label is the item with ':' written as ' '.
// Throws std::invalid_argument naming the item and key: an unknown optimizer or key, a key the
// optimizer does not use, a value out of range (the ranges of `nabla train`), or a pair without '='.
[[nodiscard]] std::vector<optim::lab::TrajectorySpec> parse_optimizer_specs(const std::vector<std::string>& items,
                                                                          const optim::OptimizerConfig& shared);

// The optimizers a picture of `function` compares when none are given: rates at which each converges
// (or, on the saddles and the plateau, shows the lecture's point) within the default steps.
[[nodiscard]] std::vector<std::string> default_optimizer_specs(const std::string& function);

}  // namespace nabla::cli
