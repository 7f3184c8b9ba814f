// Activation layers without parameters: ReLU, Sigmoid and Tanh, elementwise.
#pragma once
#include <nabla/nn/module.h>

namespace nabla::nn {

// max(0, x)
class ReLU : public Module {
 public:
  [[nodiscard]] Tensor forward(const Tensor& x) override;
  [[nodiscard]] std::string describe() const override { return "ReLU"; }
};

// σ(x) = 1/(1 + e^(−x))
class Sigmoid : public Module {
 public:
  [[nodiscard]] Tensor forward(const Tensor& x) override;
  [[nodiscard]] std::string describe() const override { return "Sigmoid"; }
};

// tanh(x)
class Tanh : public Module {
 public:
  [[nodiscard]] Tensor forward(const Tensor& x) override;
  [[nodiscard]] std::string describe() const override { return "Tanh"; }
};

}  // namespace nabla::nn
