// Functional batch norm and dropout (torch.nn.functional.batch_norm, dropout): the state is passed in,
// so a user's own layer can call them; BatchNorm and Dropout are built on them.
#pragma once
#include <nabla/tensor/random.h>
#include <nabla/tensor/tensor.h>

namespace nabla::nn::functional {

struct BatchNormArgs {
  Tensor weight{};  // γ, (C); undefined: 1
  Tensor bias{};    // β, (C); undefined: 0
  bool training = false;
  double momentum = 0.1;  // weight of the new batch in the running estimates
  double eps = 1e-5;
  bool relu = false;  // then max(0, ·), in the same pass (nn::Sequential sets it for BatchNorm before ReLU)
};

// x: (N, C, …) -> the same shape, y = γ·(x − μ)/√(σ² + ε) + β per channel.
//   training: μ, σ² = mean and biased variance over every dim but C (more than one value per channel);
//     running_mean and running_var, where defined, are updated in place:
//     running_mean ← (1 − m)·running_mean + m·μ,  running_var ← (1 − m)·running_var + m·σ²·n/(n − 1).
//   not training: μ, σ² = running_mean, running_var, which must then be defined, (C) each.
[[nodiscard]] Tensor batch_norm(const Tensor& x, const Tensor& running_mean, const Tensor& running_var,
                                const BatchNormArgs& args = {});

// Inverted dropout: y = x·m/(1 − p) with m ~ Bernoulli(1 − p) per element drawn from gen, so E[y] = x
// (p = 1 gives zeros); y = x when not training or p = 0. p lies in [0, 1].
[[nodiscard]] Tensor dropout(const Tensor& x, double p, Generator& gen, bool training = true);

}  // namespace nabla::nn::functional
