// Writing and reading the named tensors of an OptimizerState.
#include <nabla/optim/optimizer_state.h>

#include <stdexcept>

namespace nabla::optim {

std::string param_key(std::size_t index, std::string_view name) {
  return "state." + std::to_string(index) + "." + std::string(name);
}

void put_scalar(OptimizerState& state, const std::string& key, double value) {
  state[key] = Tensor::scalar(value, DType::f64);
}

void put_tensor(OptimizerState& state, const std::string& key, const Tensor& t) { state[key] = t.clone(); }

namespace {

const Tensor& find(const OptimizerState& state, const std::string& key) {
  const auto it = state.find(key);
  if (it == state.end() || !it->second.defined())
    throw std::invalid_argument("optimizer state: missing \"" + key + "\"");
  return it->second;
}

}  // namespace

double get_scalar(const OptimizerState& state, const std::string& key) {
  const Tensor& t = find(state, key);
  if (t.numel() != 1)
    throw std::invalid_argument("optimizer state: \"" + key + "\" should hold one value, got " + t.describe());
  return t.item();
}

Tensor get_tensor_like(const OptimizerState& state, const std::string& key, const Tensor& like) {
  const Tensor& t = find(state, key);
  if (t.shape() != like.shape())
    throw std::invalid_argument("optimizer state: \"" + key + "\" is " + t.describe() + ", expected shape " +
                                shape_str(like.shape()));
  return t.dtype() == like.dtype() ? t.clone() : t.to(like.dtype());
}

}  // namespace nabla::optim
