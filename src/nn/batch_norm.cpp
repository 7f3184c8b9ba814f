// Batch normalisation: the module holding γ, β and the running estimates for functional::batch_norm.
#include <nabla/nn/batch_norm.h>

#include <stdexcept>

#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/nn/functional.h>

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

Tensor BatchNorm::per_channel(const Tensor& t, int64_t rank) const {
  Shape shape(static_cast<std::size_t>(rank), 1);
  shape[1] = features_;
  return reshape(t, shape);
}

Tensor BatchNorm::forward(const Tensor& x) {
  check_rank(x);
  return normalize(x, false);
}

Tensor BatchNorm::forward_relu(const Tensor& x) {
  check_rank(x);
  return normalize(x, true);
}

Tensor BatchNorm::normalize(const Tensor& x, bool relu) {
  if (x.size(1) != features_)
    throw std::invalid_argument(describe() + ": input " + shape_str(x.shape()) + " has " +
                                std::to_string(x.size(1)) + " channels, expected " + std::to_string(features_));
  if (replica_sum_ && is_training()) return relu ? nabla::relu(normalize_synced(x)) : normalize_synced(x);
  if (is_training() && x.numel() / features_ < 2)
    throw std::invalid_argument(describe() + ": train mode needs more than one value per channel, got input " +
                                shape_str(x.shape()));
  const Tensor y = functional::batch_norm(x, running_mean_, running_var_,
                                          {.weight = weight_, .bias = bias_, .training = is_training(),
                                           .momentum = options_.momentum, .eps = options_.eps, .relu = relu});
  if (is_training())
    set_buffer("num_batches_tracked", Tensor::scalar(static_cast<double>(num_batches_tracked_.item()) + 1, DType::i64));
  return y;
}

Tensor BatchNorm::normalize_synced(const Tensor& x) {
  const int64_t rank = x.dim();
  std::vector<int64_t> dims{0};
  for (int64_t d = 2; d < rank; ++d) dims.push_back(d);
  const auto n = static_cast<int64_t>(
      replica_sum_(Tensor::scalar(static_cast<double>(x.numel() / features_), DType::f64)).item());
  if (n < 2)
    throw std::invalid_argument(describe() + ": train mode needs more than one value per channel, got input " +
                                shape_str(x.shape()));
  const Tensor mu = replica_sum_(sum(x, dims, true)) / static_cast<double>(n);
  const Tensor centred = x - mu;
  const Tensor var = replica_sum_(sum(centred * centred, dims, true)) / static_cast<double>(n);
  update_running_stats(mu, var, n);
  return centred * (1.0 / sqrt(var + options_.eps)) * per_channel(weight_, rank) + per_channel(bias_, rank);
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

void BatchNorm1d::check_rank(const Tensor& x) const {
  if (x.dim() != 2 && x.dim() != 3)
    throw std::invalid_argument(describe() + ": input " + shape_str(x.shape()) + " must be (N, C) or (N, C, L)");
}

BatchNorm2d::BatchNorm2d(int64_t channels, const BatchNormOptions& options)
    : BatchNorm("BatchNorm2d", channels, options) {}

void BatchNorm2d::check_rank(const Tensor& x) const {
  if (x.dim() != 4)
    throw std::invalid_argument(describe() + ": input " + shape_str(x.shape()) + " must be (N, C, H, W)");
}

}  // namespace nabla::nn
