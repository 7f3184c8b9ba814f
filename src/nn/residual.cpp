// Residual blocks: body plus a projection, identity or zero-padded (option A) shortcut.
#include <nabla/nn/residual.h>

#include <stdexcept>

#include <nabla/autograd/ops.h>

namespace nabla::nn {

Residual::Residual(std::shared_ptr<Sequential> body, std::shared_ptr<Sequential> shortcut)
    : body_(std::move(body)), shortcut_(std::move(shortcut)) {
  if (!body_) throw std::invalid_argument("Residual: null body");
  register_module("body", body_);
  if (shortcut_) register_module("shortcut", shortcut_);
}

Tensor zero_padded_shortcut(const Tensor& x, int64_t channels, int64_t stride) {
  if (x.dim() != 4 || channels < x.size(1) || stride < 1)
    throw std::invalid_argument("zero_padded_shortcut: input " + shape_str(x.shape()) + " cannot become " +
                                std::to_string(channels) + " channels at stride " + std::to_string(stride));
  Tensor y = x;
  if (stride > 1) y = slice(slice(x, 2, 0, x.size(2), stride), 3, 0, x.size(3), stride);
  const int64_t before = (channels - x.size(1)) / 2, after = channels - x.size(1) - before;
  if (before + after == 0) return y;
  const auto zeros = [&](int64_t c) { return Tensor::zeros({y.size(0), c, y.size(2), y.size(3)}, y.dtype()); };
  return cat({zeros(before), y, zeros(after)}, 1);
}

std::pair<Tensor, Tensor> Residual::terms(const Tensor& x) {
  const Tensor y = body_->forward(x);
  Tensor s = x;
  if (shortcut_) {
    s = shortcut_->forward(x);
  } else if (y.shape() != x.shape() && x.dim() == 4 && y.dim() == 4 && y.size(2) > 0) {
    // The stride that takes H to OH: x[::s] has ceil(H/s) rows.
    const int64_t stride = (x.size(2) + y.size(2) - 1) / y.size(2);
    const auto subsampled = [stride](int64_t n) { return (n + stride - 1) / stride; };
    if (subsampled(x.size(2)) == y.size(2) && subsampled(x.size(3)) == y.size(3) && y.size(1) >= x.size(1))
      s = zero_padded_shortcut(x, y.size(1), stride);
  }
  if (s.shape() != y.shape())
    throw std::invalid_argument(describe() + ": the body gives " + shape_str(y.shape()) + " but the shortcut " +
                                shape_str(s.shape()) +
                                (shortcut_ ? "" : "; without a projection the body may only keep the shape or "
                                                  "subsample it by a stride and add channels"));
  return {y, s};
}

Tensor Residual::forward(const Tensor& x) {
  const auto [y, s] = terms(x);
  return add(y, s);
}

Tensor Residual::forward_relu(const Tensor& x) {
  const auto [y, s] = terms(x);
  return add_relu(y, s);
}

std::string Residual::describe() const {
  const std::size_t n = body_->size();
  return "Residual(" + std::to_string(n) + (n == 1 ? " layer" : " layers") + (shortcut_ ? ", projection)" : ")");
}

}  // namespace nabla::nn
