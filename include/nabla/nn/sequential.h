// Sequential: a chain of modules applied in order, children named "0", "1", … as in torch.nn.Sequential.
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

#include <nabla/nn/module.h>

namespace nabla::nn {

class Sequential : public Module {
 public:
  Sequential() = default;
  explicit Sequential(const std::vector<std::shared_ptr<Module>>& layers);

  // Appends a layer under the next index as its name.
  void push_back(std::shared_ptr<Module> layer);

  [[nodiscard]] Tensor forward(const Tensor& x) override;
  // "Sequential(3 layers)"; describe_model (nn/model_summary.h) lists them.
  [[nodiscard]] std::string describe() const override;

  [[nodiscard]] std::size_t size() const { return children().size(); }
  [[nodiscard]] Module& operator[](std::size_t i) const;
};

}  // namespace nabla::nn
