// GlobalAvgPool2d: the mean of each channel's plane, (N, C, H, W) -> (N, C), as
// torch.nn.AdaptiveAvgPool2d(1) followed by flatten (ResNet's last pooling).
#pragma once
#include <nabla/nn/module.h>

namespace nabla::nn {

class GlobalAvgPool2d : public Module {
 public:
  [[nodiscard]] Tensor forward(const Tensor& x) override;
  [[nodiscard]] std::string describe() const override { return "GlobalAvgPool2d()"; }
};

}  // namespace nabla::nn
