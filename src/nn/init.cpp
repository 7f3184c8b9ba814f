// Weight initialisers: gains, fans and the uniform/normal fills of torch.nn.init.
#include <nabla/nn/init.h>

#include <cmath>
#include <stdexcept>

namespace nabla::nn::init {
namespace {

// Fills w in place, outside autograd (initialisation is not part of the graph). A Tensor is a handle,
// so writing through a copy of it writes w's storage.
void fill_from(const Tensor& w, const Tensor& values) {
  Tensor target = w;
  target.copy_(values);
}

double fan(const Shape& shape, FanMode mode) {
  const auto [in, out] = fan_in_and_fan_out(shape);
  return static_cast<double>(mode == FanMode::fan_in ? in : out);
}

}  // namespace

double calculate_gain(Nonlinearity nonlinearity, double a) {
  switch (nonlinearity) {
    case Nonlinearity::linear:
    case Nonlinearity::sigmoid: return 1;
    case Nonlinearity::tanh: return 5.0 / 3.0;
    case Nonlinearity::relu: return std::sqrt(2.0);
    case Nonlinearity::leaky_relu: return std::sqrt(2.0 / (1 + a * a));
  }
  throw std::invalid_argument("calculate_gain: unknown nonlinearity");
}

std::pair<int64_t, int64_t> fan_in_and_fan_out(const Shape& shape) {
  if (shape.size() < 2)
    throw std::invalid_argument("init: fan in and fan out need a tensor of at least 2 dims, got " + shape_str(shape));
  int64_t receptive = 1;
  for (std::size_t d = 2; d < shape.size(); ++d) receptive *= shape[d];
  return {shape[1] * receptive, shape[0] * receptive};
}

void xavier_uniform_(const Tensor& w, Generator& gen, double gain) {
  const auto [in, out] = fan_in_and_fan_out(w.shape());
  const double bound = gain * std::sqrt(6.0 / static_cast<double>(in + out));
  fill_from(w, rand(w.shape(), gen, -bound, bound, w.dtype()));
}

void xavier_normal_(const Tensor& w, Generator& gen, double gain) {
  const auto [in, out] = fan_in_and_fan_out(w.shape());
  const double std = gain * std::sqrt(2.0 / static_cast<double>(in + out));
  fill_from(w, randn(w.shape(), gen, 0, std, w.dtype()));
}

void kaiming_uniform_(const Tensor& w, Generator& gen, const KaimingOptions& options) {
  const double gain = calculate_gain(options.nonlinearity, options.a);
  const double bound = gain * std::sqrt(3.0 / fan(w.shape(), options.mode));
  fill_from(w, rand(w.shape(), gen, -bound, bound, w.dtype()));
}

void kaiming_normal_(const Tensor& w, Generator& gen, const KaimingOptions& options) {
  const double gain = calculate_gain(options.nonlinearity, options.a);
  const double std = gain / std::sqrt(fan(w.shape(), options.mode));
  fill_from(w, randn(w.shape(), gen, 0, std, w.dtype()));
}

WeightInit weight_init_from_name(const std::string& name) {
  if (name == "xavier") return WeightInit::xavier;
  if (name == "kaiming") return WeightInit::kaiming;
  throw std::invalid_argument("init: unknown scheme \"" + name + "\" (allowed: xavier, kaiming)");
}

std::string weight_init_name(WeightInit scheme) { return scheme == WeightInit::xavier ? "xavier" : "kaiming"; }

void weight_(const Tensor& w, WeightInit scheme, Generator& gen) {
  if (scheme == WeightInit::xavier) return xavier_uniform_(w, gen);
  kaiming_normal_(w, gen, {.nonlinearity = Nonlinearity::relu});
}

void zeros_(const Tensor& w) { constant_(w, 0); }

void constant_(const Tensor& w, double value) {
  Tensor target = w;
  target.fill_(value);
}

}  // namespace nabla::nn::init
