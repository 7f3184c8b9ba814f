// Sequential: layers applied in order.
#include <nabla/nn/sequential.h>

#include <stdexcept>
#include <string>

namespace nabla::nn {

Sequential::Sequential(const std::vector<std::shared_ptr<Module>>& layers) {
  for (const auto& layer : layers) push_back(layer);
}

void Sequential::push_back(std::shared_ptr<Module> layer) {
  if (!layer) throw std::invalid_argument("Sequential::push_back: null layer at index " + std::to_string(size()));
  register_module(std::to_string(size()), std::move(layer));
}

Tensor Sequential::forward(const Tensor& x) {
  Tensor y = x;
  for (const auto& [name, layer] : children()) y = layer->forward(y);
  return y;
}

std::string Sequential::describe() const {
  return "Sequential(" + std::to_string(size()) + (size() == 1 ? " layer)" : " layers)");
}

Module& Sequential::operator[](std::size_t i) const {
  if (i >= size())
    throw std::out_of_range("Sequential: index " + std::to_string(i) + " out of range for " + describe());
  return *children()[i].second;
}

}  // namespace nabla::nn
