// Batch normalisation: batch statistics and running estimates, composed from differentiable ops.
#include <nabla/nn/batch_norm.h>

#include <stdexcept>

#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>

namespace nabla::nn {

BatchNorm::BatchNorm(std::string kind, int64_t features, const BatchNormOptions& options)
    : kind_(std::move(kind)), features_(features), options_(options) {
  if (features < 1) throw std::invalid_argument(kind_ + ": features must be >= 1, got " + std::to_string(features));
  if (!(options.eps > 0) || !(options.momentum >= 0 && options.momentum <= 1))
    throw std::invalid_argument(kind_ + ": eps must be > 0 and momentum in [0, 1]");
  weight_ = register_parameter("weight", Tensor::ones({features}));
  bias_ = register_parameter("bias", Tensor::zeros({features}));
  running_mean_ = register_buffer("running_mean", Tensor::zeros({features}));
  running_var_ = register_buffer("running_var", Tensor::ones({features}));
  num_batches_tracked_ = register_buffer("num_batches_tracked", Tensor::scalar(0, DType::i64));
}

std::string BatchNorm::describe() const { return kind_ + "(" + std::to_string(features_) + ")"; }

// A (C) tensor shaped (1, C, 1, …) to broadcast against an input of the given rank.
Tensor BatchNorm::per_channel(const Tensor& t, int64_t rank) const {
  Shape shape(static_cast<std::size_t>(rank), 1);
  shape[1] = features_;
  return reshape(t, shape);
}

Tensor BatchNorm::normalize(const Tensor& x) {
  if (x.size(1) != features_)
    throw std::invalid_argument(describe() + ": input " + shape_str(x.shape()) + " has " +
                                std::to_string(x.size(1)) + " channels, expected " + std::to_string(features_));
  const int64_t rank = x.dim();
  Tensor centred, inv_std;
  if (is_training()) {
    std::vector<int64_t> dims{0};
    for (int64_t d = 2; d < rank; ++d) dims.push_back(d);
    int64_t n = x.numel() / features_;
    if (replica_sum_) n = static_cast<int64_t>(replica_sum_(Tensor::scalar(static_cast<double>(n), DType::f64)).item());
    if (n < 2)
      throw std::invalid_argument(describe() + ": train mode needs more than one value per channel, got input " +
                                  shape_str(x.shape()));
    const Tensor mu = batch_mean(x, dims, n);
    centred = x - mu;
    const Tensor var = batch_mean(centred * centred, dims, n);
    inv_std = 1.0 / sqrt(var + options_.eps);
    update_running_stats(mu, var, n);
  } else {
    centred = x - per_channel(running_mean_, rank);
    inv_std = 1.0 / sqrt(per_channel(running_var_, rank) + options_.eps);
  }
  return centred * inv_std * per_channel(weight_, rank) + per_channel(bias_, rank);
}

Tensor BatchNorm::batch_mean(const Tensor& t, const std::vector<int64_t>& dims, int64_t count) const {
  if (!replica_sum_) return mean(t, dims, true);
  return replica_sum_(sum(t, dims, true)) / static_cast<double>(count);
}

void BatchNorm::update_running_stats(const Tensor& mean, const Tensor& var, int64_t n) {
  NoGradGuard no_grad;
  const double m = options_.momentum;
  const double unbias = static_cast<double>(n) / static_cast<double>(n - 1);  // Bessel's correction
  set_buffer("running_mean", running_mean_ * (1 - m) + reshape(mean.detach(), {features_}) * m);
  set_buffer("running_var", running_var_ * (1 - m) + reshape(var.detach(), {features_}) * (m * unbias));
  set_buffer("num_batches_tracked",
             Tensor::scalar(static_cast<double>(num_batches_tracked_.item()) + 1, DType::i64));
}

BatchNorm1d::BatchNorm1d(int64_t features, const BatchNormOptions& options)
    : BatchNorm("BatchNorm1d", features, options) {}

Tensor BatchNorm1d::forward(const Tensor& x) {
  if (x.dim() != 2 && x.dim() != 3)
    throw std::invalid_argument(describe() + ": input " + shape_str(x.shape()) + " must be (N, C) or (N, C, L)");
  return normalize(x);
}

BatchNorm2d::BatchNorm2d(int64_t channels, const BatchNormOptions& options)
    : BatchNorm("BatchNorm2d", channels, options) {}

Tensor BatchNorm2d::forward(const Tensor& x) {
  if (x.dim() != 4)
    throw std::invalid_argument(describe() + ": input " + shape_str(x.shape()) + " must be (N, C, H, W)");
  return normalize(x);
}

}  // namespace nabla::nn
