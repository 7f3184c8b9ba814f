// Module: registration of parameters, buffers and children; recursive traversal, modes and state dicts.
#include <nabla/nn/module.h>

#include <stdexcept>

namespace nabla::nn {
namespace {

// Points every handle of `handle` at value's data: subclasses keep their Tensor members, so a change of
// value (dtype conversion, new running statistics) must happen in the shared TensorImpl.
void rebind(const Tensor& handle, const Tensor& value) {
  TensorImpl& impl = handle.impl();
  const TensorImpl& v = value.impl();
  impl.storage = v.storage;
  impl.shape = v.shape;
  impl.strides = v.strides;
  impl.offset = v.offset;
  impl.dtype = v.dtype;
  impl.grad.reset();
}

bool has_name(const NamedTensors& list, const std::string& name) {
  for (const auto& [n, t] : list)
    if (n == name) return true;
  return false;
}

}  // namespace

Tensor Module::register_parameter(const std::string& name, Tensor value) {
  if (has_name(parameters_, name) || has_name(buffers_, name))
    throw std::invalid_argument("register_parameter: \"" + name + "\" is already registered in " + describe());
  if (value.dtype() == DType::i64)
    throw std::invalid_argument("register_parameter: \"" + name + "\" must be floating point, got " + value.describe());
  value.set_requires_grad(true);
  parameters_.emplace_back(name, value);
  return value;
}

Tensor Module::register_buffer(const std::string& name, Tensor value) {
  if (has_name(parameters_, name) || has_name(buffers_, name))
    throw std::invalid_argument("register_buffer: \"" + name + "\" is already registered in " + describe());
  buffers_.emplace_back(name, value);
  return value;
}

void Module::set_buffer(const std::string& name, Tensor value) {
  for (auto& [n, t] : buffers_) {
    if (n != name) continue;
    rebind(t, value.detach());
    return;
  }
  throw std::invalid_argument("set_buffer: no buffer \"" + name + "\" in " + describe());
}

void Module::collect(const std::string& prefix, NamedTensors& out, bool buffers) const {
  for (const auto& [name, t] : buffers ? buffers_ : parameters_) out.emplace_back(prefix + name, t);
  for (const auto& [name, child] : children_) child->collect(prefix + name + ".", out, buffers);
}

NamedTensors Module::named_parameters() const {
  NamedTensors out;
  collect("", out, false);
  return out;
}

std::vector<Tensor> Module::parameters() const {
  std::vector<Tensor> out;
  for (const auto& [name, t] : named_parameters()) out.push_back(t);
  return out;
}

std::vector<Tensor> Module::trainable_parameters() const {
  std::vector<Tensor> out;
  for (const auto& [name, t] : named_parameters())
    if (t.requires_grad()) out.push_back(t);
  return out;
}

NamedTensors Module::named_buffers() const {
  NamedTensors out;
  collect("", out, true);
  return out;
}

std::map<std::string, Tensor> Module::state_dict() const {
  std::map<std::string, Tensor> out;
  for (const auto& [name, t] : named_parameters()) out.emplace(name, t.clone());
  for (const auto& [name, t] : named_buffers()) out.emplace(name, t.clone());
  return out;
}

void Module::load_state_dict(const std::map<std::string, Tensor>& state) {
  NamedTensors own = named_parameters();
  for (auto& entry : named_buffers()) own.push_back(entry);
  // Check everything before copying anything, so a bad state leaves the module as it was.
  for (const auto& [name, t] : own) {
    const auto it = state.find(name);
    if (it == state.end()) throw std::invalid_argument("load_state_dict: missing key \"" + name + "\"");
    if (it->second.shape() != t.shape())
      throw std::invalid_argument("load_state_dict: \"" + name + "\" has shape " + shape_str(it->second.shape()) +
                                  " in the state but " + shape_str(t.shape()) + " in the module");
  }
  for (const auto& [name, t] : state)
    if (!has_name(own, name)) throw std::invalid_argument("load_state_dict: unexpected key \"" + name + "\"");
  for (auto& [name, t] : own) t.copy_(state.at(name));
}

void Module::train(bool on) {
  training_ = on;
  for (const auto& [name, child] : children_) child->train(on);
}

void Module::set_trainable(bool on) {
  for (auto& [name, t] : parameters_) t.set_requires_grad(on);
  for (const auto& [name, child] : children_) child->set_trainable(on);
}

int64_t Module::parameter_count() const {
  int64_t n = 0;
  for (const Tensor& t : parameters()) n += t.numel();
  return n;
}

void Module::to(DType dtype) {
  if (dtype == DType::i64) throw std::invalid_argument("Module::to: modules hold floating-point values, not int64");
  for (auto* list : {&parameters_, &buffers_})
    for (auto& [name, t] : *list)
      if (t.dtype() != DType::i64 && t.dtype() != dtype) rebind(t, t.to(dtype));
  for (const auto& [name, child] : children_) child->to(dtype);
}

DType Module::dtype() const {
  const std::vector<Tensor> params = parameters();
  return params.empty() ? DType::f32 : params.front().dtype();
}

}  // namespace nabla::nn
