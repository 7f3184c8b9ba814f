// Weight initialisers with torch.nn.init's formulas, filling a tensor in place from an explicit Generator.
//
// nabla's DEFAULT for Linear and Conv2d weights is Xavier/Glorot uniform (biases zero), as in the
// lecture. PyTorch's default differs: kaiming_uniform_(a = √5), which is U(±1/√fan_in), and a bias
// drawn from U(±1/√fan_in). Call kaiming_uniform_ with {.a = std::sqrt(5.0)} for PyTorch's weights.
#pragma once
#include <cstdint>
#include <string>
#include <utility>

#include <nabla/tensor/random.h>
#include <nabla/tensor/tensor.h>

namespace nabla::nn::init {

enum class Nonlinearity { linear, sigmoid, tanh, relu, leaky_relu };
enum class FanMode { fan_in, fan_out };

// torch.nn.init.calculate_gain: linear and sigmoid 1, tanh 5/3, relu √2, leaky_relu √(2/(1+a²)).
[[nodiscard]] double calculate_gain(Nonlinearity nonlinearity, double a = 0);

// torch.nn.init._calculate_fan_in_and_fan_out for a weight [out, in, k…]: with r = ∏k (the receptive
// field, 1 for a Linear weight), fan_in = in·r and fan_out = out·r. Throws for fewer than 2 dims.
[[nodiscard]] std::pair<int64_t, int64_t> fan_in_and_fan_out(const Shape& shape);

// U(−b, b) with b = gain·√(6/(fan_in + fan_out)).
void xavier_uniform_(const Tensor& w, Generator& gen, double gain = 1);
// N(0, σ²) with σ = gain·√(2/(fan_in + fan_out)).
void xavier_normal_(const Tensor& w, Generator& gen, double gain = 1);

struct KaimingOptions {
  double a = 0;  // negative slope of the leaky ReLU that follows
  FanMode mode = FanMode::fan_in;
  Nonlinearity nonlinearity = Nonlinearity::leaky_relu;  // with a = 0 the gain is relu's √2
};
// U(−b, b) with b = gain·√(3/fan), fan chosen by mode.
void kaiming_uniform_(const Tensor& w, Generator& gen, const KaimingOptions& options = {});
// N(0, σ²) with σ = gain/√fan.
void kaiming_normal_(const Tensor& w, Generator& gen, const KaimingOptions& options = {});

// The schemes a model's Linear and Conv2d weights are drawn with: Xavier uniform (nabla's default) or
// He et al.'s Kaiming normal, N(0, 2/fan_in), made for ReLU networks such as ResNets.
enum class WeightInit { xavier, kaiming };
// "xavier" or "kaiming"; throws naming the allowed values.
[[nodiscard]] WeightInit weight_init_from_name(const std::string& name);
[[nodiscard]] std::string weight_init_name(WeightInit scheme);
// Fills a Linear or Conv2d weight [out, in, k…] by the scheme.
void weight_(const Tensor& w, WeightInit scheme, Generator& gen);

void zeros_(const Tensor& w);
void constant_(const Tensor& w, double value);

}  // namespace nabla::nn::init
