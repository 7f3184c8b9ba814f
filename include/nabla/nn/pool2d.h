// 2-D pooling layers over square windows: MaxPool2d and AvgPool2d (torch.nn.MaxPool2d, AvgPool2d).
#pragma once
#include <cstdint>
#include <optional>

#include <nabla/nn/module.h>

namespace nabla::nn {

struct Pool2dOptions {
  std::optional<int64_t> stride = std::nullopt;  // the kernel size when unset, as in PyTorch
  int64_t padding = 0;            // at most half the kernel
};

// x: (N, C, H, W) -> (N, C, (H + 2p − k)/s + 1, (W + 2p − k)/s + 1) for both layers.
class MaxPool2d : public Module {
 public:
  // Largest value per window; padding never wins (it counts as −∞).
  explicit MaxPool2d(int64_t kernel_size, const Pool2dOptions& options = {});
  [[nodiscard]] Tensor forward(const Tensor& x) override;
  // forward(relu(x)) as one op (see relu_max_pool2d): Sequential runs ReLU followed by MaxPool2d so.
  [[nodiscard]] Tensor forward_after_relu(const Tensor& x);
  // "MaxPool2d(kernel=2, stride=2)"
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] int64_t kernel_size() const { return kernel_; }
  [[nodiscard]] int64_t stride() const { return stride_; }
  [[nodiscard]] int64_t padding() const { return padding_; }

 private:
  int64_t kernel_, stride_, padding_;
};

class AvgPool2d : public Module {
 public:
  // Mean per window, padding counted as zeros in the divisor (PyTorch's count_include_pad=True).
  explicit AvgPool2d(int64_t kernel_size, const Pool2dOptions& options = {});
  [[nodiscard]] Tensor forward(const Tensor& x) override;
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] int64_t kernel_size() const { return kernel_; }
  [[nodiscard]] int64_t stride() const { return stride_; }
  [[nodiscard]] int64_t padding() const { return padding_; }

 private:
  int64_t kernel_, stride_, padding_;
};

}  // namespace nabla::nn
