// Functional batch norm (train mode through the fused batch_norm_train op) and dropout.
#include <nabla/nn/functional.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/tensor/kernels.h>

namespace nabla::nn::functional {
namespace {

// A (C) tensor shaped (1, C, 1, …) to broadcast against an input of the given rank.
Tensor per_channel(const Tensor& t, int64_t rank) {
  Shape shape(static_cast<std::size_t>(rank), 1);
  shape[1] = t.numel();
  return reshape(t, shape);
}

void check_channels(const char* what, const Tensor& t, const Tensor& x) {
  if (t.defined() && t.shape() != Shape{x.size(1)})
    throw std::invalid_argument(std::string("batch_norm: ") + what + " " + shape_str(t.shape()) + " must be [" +
                                std::to_string(x.size(1)) + "], the channels of input " + shape_str(x.shape()));
}

// r ← (1 − m)·r + m·scale·stat, in place (r is the caller's handle), with stat (C).
void update_running(Tensor running, const Tensor& stat, double m, double scale) {
  if (!running.defined()) return;
  NoGradGuard no_grad;
  running.copy_(running * (1 - m) + reshape(stat.detach(), running.shape()) * (m * scale));
}

}  // namespace

Tensor batch_norm(const Tensor& x, const Tensor& running_mean, const Tensor& running_var, const BatchNormArgs& args) {
  if (x.dim() < 2) throw std::invalid_argument("batch_norm: input " + shape_str(x.shape()) + " must be (N, C, …)");
  for (const auto& [what, t] : {std::pair{"running_mean", running_mean}, {"running_var", running_var},
                                {"weight", args.weight}, {"bias", args.bias}})
    check_channels(what, t, x);
  const int64_t rank = x.dim();
  if (args.training) {
    const int64_t n = x.numel() / x.size(1);
    if (n < 2)
      throw std::invalid_argument("batch_norm: train mode needs more than one value per channel, got input " +
                                  shape_str(x.shape()));
    const BatchNormResult r = batch_norm_train(x, args.weight, args.bias, args.eps, args.relu);
    update_running(running_mean, r.mean, args.momentum, 1);
    const double unbias = static_cast<double>(n) / static_cast<double>(n - 1);  // Bessel's correction
    update_running(running_var, r.var, args.momentum, unbias);
    return r.y;
  }
  if (!running_mean.defined() || !running_var.defined())
    throw std::invalid_argument("batch_norm: eval mode needs running_mean and running_var");
  const auto wants_grad = [](const Tensor& t) { return t.defined() && t.requires_grad(); };
  if (!GradMode::enabled() || !(wants_grad(x) || wants_grad(args.weight) || wants_grad(args.bias))) {
    // Evaluation: one pass of x·scale + shift with the statistics folded into (C) vectors.
    const Tensor inv_std = 1.0 / sqrt(running_var + args.eps);
    const Tensor scale = args.weight.defined() ? args.weight * inv_std : inv_std;
    const Tensor shift = (args.bias.defined() ? args.bias : Tensor::zeros(scale.shape(), scale.dtype())) - running_mean * scale;
    return kernels::channel_affine(x, scale, shift, args.relu);
  }
  Tensor y = (x - per_channel(running_mean, rank)) * (1.0 / sqrt(per_channel(running_var, rank) + args.eps));
  if (args.weight.defined()) y = y * per_channel(args.weight, rank);
  if (args.bias.defined()) y = y + per_channel(args.bias, rank);
  return args.relu ? nabla::relu(y) : y;
}

Tensor dropout(const Tensor& x, double p, Generator& gen, bool training) {
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("dropout: p = " + std::to_string(p) + " is not in [0, 1]");
  if (!training || p == 0) return x;
  const double keep = 1 - p;
  const Tensor mask = bernoulli(x.shape(), keep, gen, x.dtype());
  return x * (keep > 0 ? mask * (1 / keep) : mask);
}

}  // namespace nabla::nn::functional
