// Linear: the fully connected layer y = x Wᵀ + b (torch.nn.Linear), weight [out, in], bias [out].
#pragma once
#include <cstdint>

#include <nabla/nn/init.h>
#include <nabla/nn/module.h>
#include <nabla/tensor/random.h>

namespace nabla::nn {

struct LinearOptions {
  bool bias = true;
  init::WeightInit init = init::WeightInit::xavier;
};

class Linear : public Module {
 public:
  // Weight Xavier-uniform (or options.init) from gen, bias zero (see nn/init.h for why this differs from PyTorch).
  Linear(int64_t in_features, int64_t out_features, Generator& gen, const LinearOptions& options = {});

  // x: (N, in) or (..., in) -> (..., out)
  [[nodiscard]] Tensor forward(const Tensor& x) override;
  [[nodiscard]] std::string describe() const override;

  [[nodiscard]] const Tensor& weight() const { return weight_; }
  // Undefined when built without bias.
  [[nodiscard]] const Tensor& bias() const { return bias_; }
  [[nodiscard]] int64_t in_features() const { return in_; }
  [[nodiscard]] int64_t out_features() const { return out_; }

 private:
  int64_t in_, out_;
  Tensor weight_, bias_;
};

}  // namespace nabla::nn
