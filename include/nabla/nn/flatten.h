// Flatten: merges the dimensions from start_dim on into one (torch.nn.Flatten).
#pragma once
#include <cstdint>

#include <nabla/nn/module.h>

namespace nabla::nn {

class Flatten : public Module {
 public:
  // The default keeps the batch dimension: (N, C, H, W) -> (N, C·H·W).
  explicit Flatten(int64_t start_dim = 1) : start_dim_(start_dim) {}
  [[nodiscard]] Tensor forward(const Tensor& x) override;
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] int64_t start_dim() const { return start_dim_; }

 private:
  int64_t start_dim_;
};

}  // namespace nabla::nn
