// The optimizer hyper-parameter flags shared by `nabla lab optimize` and `nabla lab trajectory`,
// named like PyTorch's arguments; they fill an OptimizerConfig.
#pragma once
#include <CLI/CLI.hpp>

#include <nabla/optim/factory.h>

namespace nabla::cli {

// Adds --lr --momentum --dampening --nesterov --weight-decay --betas B1,B2 --eps --amsgrad --alpha
// --centered --lr-decay --initial-accumulator-value --history-size --max-iter --line-search --damping.
// config must outlive the parse; unset flags keep its values (the factory's defaults).
void add_optimizer_flags(CLI::App* cmd, optim::OptimizerConfig& config);

}  // namespace nabla::cli
