// Dropout: inverted dropout (torch.nn.Dropout) with an explicit, checkpointable generator.
#pragma once
#include <memory>

#include <nabla/nn/module.h>
#include <nabla/tensor/random.h>

namespace nabla::nn {

class Dropout : public Module {
 public:
  // p: the probability of zeroing a unit, in [0, 1]. gen is shared with the trainer, which owns it and
  // saves its state in checkpoints, so a resumed run draws the same masks.
  Dropout(double p, std::shared_ptr<Generator> gen);

  // Train mode: y = x·m/(1 − p) with m ~ Bernoulli(1 − p) per element, so E[y] = x and eval needs no
  // rescaling (p = 1 gives zeros). Eval mode: y = x.
  [[nodiscard]] Tensor forward(const Tensor& x) override;
  // "Dropout(p=0.5)"
  [[nodiscard]] std::string describe() const override;

  [[nodiscard]] double p() const { return p_; }

 private:
  double p_;
  std::shared_ptr<Generator> gen_;
};

}  // namespace nabla::nn
