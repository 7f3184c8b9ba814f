// Conv2d: 2-D convolution (torch.nn.Conv2d, cross-correlation), weight [out, in, k, k], bias [out].
#pragma once
#include <cstdint>

#include <nabla/nn/init.h>
#include <nabla/nn/module.h>
#include <nabla/tensor/random.h>

namespace nabla::nn {

struct Conv2dOptions {
  int64_t stride = 1;
  int64_t padding = 0;   // zeros on each side
  int64_t dilation = 1;  // kernel taps this far apart
  int64_t groups = 1;    // in and out channels split into this many groups; groups = in is depthwise
  bool bias = true;
  init::WeightInit init = init::WeightInit::xavier;
  // Write the output channels-last (tensor/memory_format.h): faster before batch norm, the same values. A
  // Sequential does so for a Conv2d followed by BatchNorm whatever this says; otherwise the output keeps the
  // layout of the input.
  bool channels_last = false;
};

class Conv2d : public Module {
 public:
  // Square kernel_size × kernel_size. Weight [out, in/groups, k, k] Xavier-uniform (or options.init) from
  // gen (fan_in = in/groups·k², fan_out = out·k²), bias zero; see nn/init.h for why this differs from
  // PyTorch. Throws unless groups divides both channel counts.
  Conv2d(int64_t in_channels, int64_t out_channels, int64_t kernel_size, Generator& gen,
         const Conv2dOptions& options = {});

  // x: (N, in, H, W) -> (N, out, (H + 2p − d(k − 1) − 1)/s + 1, likewise for W)
  [[nodiscard]] Tensor forward(const Tensor& x) override;
  // forward with the output channels-last, as Sequential runs a Conv2d followed by BatchNorm.
  [[nodiscard]] Tensor forward_channels_last(const Tensor& x);
  // "Conv2d(1, 32, kernel=3, stride=1, padding=1)", with ", dilation=2, groups=4" when not 1
  [[nodiscard]] std::string describe() const override;

  [[nodiscard]] const Tensor& weight() const { return weight_; }
  // Undefined when built without bias.
  [[nodiscard]] const Tensor& bias() const { return bias_; }
  [[nodiscard]] int64_t kernel_size() const { return kernel_; }
  [[nodiscard]] const Conv2dOptions& options() const { return options_; }

 private:
  [[nodiscard]] Tensor run(const Tensor& x, bool channels_last);

  int64_t in_, out_, kernel_;
  Conv2dOptions options_;
  Tensor weight_, bias_;
};

}  // namespace nabla::nn
