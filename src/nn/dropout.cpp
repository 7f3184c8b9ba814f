// Dropout: a Bernoulli mask scaled by 1/(1 − p) in train mode.
#include <nabla/nn/dropout.h>

#include <sstream>
#include <stdexcept>

#include <nabla/autograd/ops.h>

namespace nabla::nn {

Dropout::Dropout(double p, std::shared_ptr<Generator> gen) : p_(p), gen_(std::move(gen)) {
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("Dropout: p = " + std::to_string(p) + " is not in [0, 1]");
  if (!gen_) throw std::invalid_argument("Dropout: needs a generator for its masks");
}

Tensor Dropout::forward(const Tensor& x) {
  if (!is_training() || p_ == 0) return x;
  const double keep = 1 - p_;
  const Tensor mask = bernoulli(x.shape(), keep, *gen_, x.dtype());
  return x * (keep > 0 ? mask * (1 / keep) : mask);
}

std::string Dropout::describe() const {
  std::ostringstream s;
  s << "Dropout(p=" << p_ << ")";
  return s.str();
}

}  // namespace nabla::nn
