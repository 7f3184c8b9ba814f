// SGD: stochastic gradient descent with optional (heavy-ball or Nesterov) momentum, as torch.optim.SGD.
//
// Per parameter p with gradient g, exactly as PyTorch 1.13:
//   d ← maximize ? −g : g
//   d ← d + weight_decay·p                               (if weight_decay ≠ 0)
//   b ← d on the first step, else b ← momentum·b + (1 − dampening)·d   (if momentum ≠ 0)
//   d ← nesterov ? d + momentum·b : b                     (if momentum ≠ 0)
//   p ← p − lr·d
// PyTorch's defaults: momentum 0, dampening 0, weight_decay 0, nesterov false, maximize false. PyTorch
// requires lr and has no default; nabla uses lr = 0.01.
//
// Momentum, two ways of writing it. The lecture writes v ← βv − g, w ← w + αv; PyTorch (and nabla)
// write b ← βb + g, w ← w − αb. With b = −v the two are the same iteration, so for a constant learning
// rate they agree step for step (v_pytorch = −v_lecture). They differ only when α changes during
// training: the lecture's v is then a sum of past gradients taken at the old rate, PyTorch's b is
// rescaled by the new α at once. nabla uses PyTorch's form, so its numbers match torch.optim.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nabla/optim/optimizer.h>

namespace nabla::optim {

struct SGDOptions {
  double lr = 0.01;
  double momentum = 0;
  double dampening = 0;
  bool nesterov = false;
  double weight_decay = 0;
  bool maximize = false;
};

class SGD final : public Optimizer {
 public:
  // One group at options.lr.
  explicit SGD(std::vector<Tensor> params, const SGDOptions& options = {});
  // Groups keep their own learning rates; options.lr is not used.
  SGD(std::vector<ParamGroup> groups, const SGDOptions& options);

  void step() override;
  using Optimizer::step;
  [[nodiscard]] std::string name() const override { return "sgd"; }
  [[nodiscard]] const SGDOptions& options() const { return options_; }
  [[nodiscard]] std::optional<double> momentum() const override { return options_.momentum; }
  void set_momentum(double momentum) override;

  // Adds "state.<i>.momentum_buffer" for each parameter that has one.
  [[nodiscard]] OptimizerState state_dict() const override;
  void load_state_dict(const OptimizerState& state) override;

 private:
  SGDOptions options_;
  std::vector<Tensor> momentum_buffer_;  // by parameter index; undefined until the first momentum step
};

}  // namespace nabla::optim
