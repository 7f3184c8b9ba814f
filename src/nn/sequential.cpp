// Sequential: layers applied in order.
#include <nabla/nn/sequential.h>

#include <nabla/nn/activation.h>
#include <nabla/nn/batch_norm.h>
#include <nabla/nn/conv2d.h>
#include <nabla/nn/pool2d.h>
#include <nabla/nn/residual.h>

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
  const auto& layers = children();
  Tensor y = x;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    Module* layer = layers[i].second.get();
    Module* next = i + 1 < layers.size() ? layers[i + 1].second.get() : nullptr;
    // ReLU followed by max pooling, and batch norm or a residual block followed by ReLU, run as one op
    // each: the same values and gradients, without the full-size intermediate output and the passes over it.
    if (auto* pool = dynamic_cast<ReLU*>(layer) ? dynamic_cast<MaxPool2d*>(next) : nullptr) {
      y = pool->forward_after_relu(y);
      ++i;
    } else if (auto* norm = dynamic_cast<ReLU*>(next) ? dynamic_cast<BatchNorm*>(layer) : nullptr) {
      y = norm->forward_relu(y);
      ++i;
    } else if (auto* block = dynamic_cast<ReLU*>(next) ? dynamic_cast<Residual*>(layer) : nullptr) {
      y = block->forward_relu(y);
      ++i;
    } else if (auto* conv = dynamic_cast<BatchNorm*>(next) ? dynamic_cast<Conv2d*>(layer) : nullptr) {
      // Batch norm reads a channels-last output as fast, and the convolutions after it then run without
      // layout reorders (tensor/memory_format.h): the same values in another memory order.
      y = conv->forward_channels_last(y);
    } else {
      y = layer->forward(y);
    }
  }
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
