// Reduction of per-sample losses.
#include <nabla/loss/reduction.h>

#include <stdexcept>

#include <nabla/autograd/ops.h>

namespace nabla::loss {

Tensor reduce(const Tensor& per_sample, Reduction reduction) {
  switch (reduction) {
    case Reduction::mean: return mean(per_sample);
    case Reduction::sum: return sum(per_sample);
    case Reduction::none: return per_sample;
  }
  throw std::invalid_argument("loss: unknown reduction");
}

std::string reduction_name(Reduction reduction) {
  switch (reduction) {
    case Reduction::mean: return "mean";
    case Reduction::sum: return "sum";
    case Reduction::none: return "none";
  }
  throw std::invalid_argument("loss: unknown reduction");
}

}  // namespace nabla::loss
