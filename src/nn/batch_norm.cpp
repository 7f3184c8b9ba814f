// Batch normalisation: the module holding γ, β and the running estimates for functional::batch_norm.
#include <nabla/nn/batch_norm.h>

#include <stdexcept>

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

Tensor BatchNorm::normalize(const Tensor& x) {
  if (x.size(1) != features_)
    throw std::invalid_argument(describe() + ": input " + shape_str(x.shape()) + " has " +
                                std::to_string(x.size(1)) + " channels, expected " + std::to_string(features_));
  if (is_training() && x.numel() / features_ < 2)
    throw std::invalid_argument(describe() + ": train mode needs more than one value per channel, got input " +
                                shape_str(x.shape()));
  const Tensor y = functional::batch_norm(x, running_mean_, running_var_,
                                          {.weight = weight_, .bias = bias_, .training = is_training(),
                                           .momentum = options_.momentum, .eps = options_.eps});
  if (is_training())
    set_buffer("num_batches_tracked", Tensor::scalar(static_cast<double>(num_batches_tracked_.item()) + 1, DType::i64));
  return y;
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
