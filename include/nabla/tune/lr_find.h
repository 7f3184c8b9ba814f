// Learning rates for a training config before training: the top Hessian eigenvalue at the initial
// weights with gradient descent's stability bound 2/λ_max, and the classic loss-versus-learning-rate
// sweep.
#pragma once
#include <cstdint>
#include <limits>
#include <string>

#include <nabla/optim/hessian_eigenvalue.h>
#include <nabla/tune/lr_sweep.h>
#include <nabla/train/train_config.h>

namespace nabla::tune {

struct LrFindOptions {
  int64_t hessian_samples = 512;  // the fixed batch the Hessian is taken on (seeded, from the training set)
  optim::PowerIterationOptions power{};
  LrSweepOptions sweep{};
};

// Near the initial weights the loss is close to its quadratic model, on which gradient descent with
// step α contracts the error along an eigenvector of eigenvalue λ by |1 − αλ|: it converges iff
// 0 < αλ < 2 for every λ, so α < 2/λ_max, and α = 1/λ_max removes the stiffest direction in one step.
// (Heavy-ball momentum β widens the bound to 2(1 + β)/λ_max; adaptive optimizers rescale λ per weight.)
struct HessianLr {
  optim::EigenEstimate eigen{};
  int64_t samples = 0;
  double stability_bound = std::numeric_limits<double>::infinity();  // 2/λ_max (∞ when λ_max <= 0)
  double suggested_lr = std::numeric_limits<double>::quiet_NaN();   // 1/λ_max, half the bound
};

struct LrFindResult {
  HessianLr hessian{};
  LrSweep sweep{};
  std::string optimizer{};  // the sweep's optimizer (config.optimizer.name)
  int64_t parameters = 0;   // trainable parameters of the model
};

// Loads config's training split and builds its model twice from config.seed, or from config.init_from
// when given (the same initial weights):
// once for the power iteration on the loss (with the L2 penalty, in train mode with one fixed dropout
// mask) of options.hessian_samples training samples, once for the sweep, which trains a minibatch of
// config.batch_size per step with config's optimizer. Nothing is written.
[[nodiscard]] LrFindResult lr_find(const train::TrainConfig& config, const LrFindOptions& options = {});

}  // namespace nabla::tune
