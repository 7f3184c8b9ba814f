// Residual: y = body(x) + shortcut(x), the block of He et al.'s ResNets (the ReLU after the sum is a layer
// of its own that follows the block; a Sequential runs the two as one op, forward_relu).
#pragma once
#include <memory>
#include <utility>

#include <nabla/nn/sequential.h>

namespace nabla::nn {

class Residual : public Module {
 public:
  // Children "body" and, when given, "shortcut" (a projection such as a strided 1×1 conv and batch norm),
  // so a state dict reads "body.0.weight", "shortcut.0.weight" as in a torch module with those attributes.
  // Without a shortcut it is the identity where body keeps the shape, and He et al.'s option A where body
  // turns (C, H, W) into (O, H/s, W/s) with O >= C: x[:, :, ::s, ::s] with (O − C)/2 zero channels before
  // it and the rest after (as the common PyTorch CIFAR ResNets pad), adding no parameters.
  explicit Residual(std::shared_ptr<Sequential> body, std::shared_ptr<Sequential> shortcut = nullptr);

  // Throws naming both shapes when the shortcut's output does not match body's.
  [[nodiscard]] Tensor forward(const Tensor& x) override;
  // relu(forward(x)), the sum and the ReLU in one pass.
  [[nodiscard]] Tensor forward_relu(const Tensor& x);
  // "Residual(4 layers, projection)" or "Residual(4 layers)"
  [[nodiscard]] std::string describe() const override;

  [[nodiscard]] Sequential& body() const { return *body_; }
  // Null for the identity / option A shortcut.
  [[nodiscard]] Sequential* shortcut() const { return shortcut_.get(); }

 private:
  std::shared_ptr<Sequential> body_, shortcut_;

  // The two terms of the sum: body(x) and the shortcut's output, checked to match.
  [[nodiscard]] std::pair<Tensor, Tensor> terms(const Tensor& x);
};

// Option A: x (N, C, H, W) subsampled by stride and zero-padded to `channels` (see Residual). Throws when
// channels < C or stride < 1.
[[nodiscard]] Tensor zero_padded_shortcut(const Tensor& x, int64_t channels, int64_t stride);

}  // namespace nabla::nn
