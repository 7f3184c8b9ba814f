// Dropout: the module holding p and the generator for functional::dropout.
#include <nabla/nn/dropout.h>

#include <sstream>
#include <stdexcept>

#include <nabla/nn/functional.h>

namespace nabla::nn {

Dropout::Dropout(double p, std::shared_ptr<Generator> gen) : p_(p), gen_(std::move(gen)) {
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("Dropout: p = " + std::to_string(p) + " is not in [0, 1]");
  if (!gen_) throw std::invalid_argument("Dropout: needs a generator for its masks");
}

Tensor Dropout::forward(const Tensor& x) {
  return functional::dropout(x, p_, *gen_, is_training());
}

std::string Dropout::describe() const {
  std::ostringstream s;
  s << "Dropout(p=" << p_ << ")";
  return s.str();
}

}  // namespace nabla::nn
