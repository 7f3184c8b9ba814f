// Module: the base of every network layer. It owns named parameters, buffers and sub-modules, a
// train/eval mode, and a state dict whose keys follow PyTorch's (`0.weight`, `3.running_mean`).
#pragma once
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla::nn {

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

class Module {
 public:
  virtual ~Module() = default;
  Module() = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;
  // Moving hands the parameters, buffers and children over (Sequential(Linear(2, 8, gen), Tanh()) moves
  // its layers in); the moved-from module is left empty.
  Module(Module&&) = default;

  [[nodiscard]] virtual Tensor forward(const Tensor& x) = 0;
  [[nodiscard]] Tensor operator()(const Tensor& x) { return forward(x); }
  // A one-line description, e.g. "Linear(784, 256)".
  [[nodiscard]] virtual std::string describe() const = 0;

  // Parameters (recursively, in registration order) with dotted names.
  [[nodiscard]] NamedTensors named_parameters() const;
  [[nodiscard]] std::vector<Tensor> parameters() const;
  // Only the parameters that are not frozen.
  [[nodiscard]] std::vector<Tensor> trainable_parameters() const;
  [[nodiscard]] NamedTensors named_buffers() const;
  // Parameters and buffers by name, as copies: a saved state does not change as training goes on.
  [[nodiscard]] std::map<std::string, Tensor> state_dict() const;
  // Copies values in place; throws naming the key on a missing/unexpected key or a shape mismatch.
  void load_state_dict(const std::map<std::string, Tensor>& state);

  // Train mode (dropout active, batch norm uses batch statistics) or eval mode, recursively.
  void train(bool on = true);
  void eval() { train(false); }
  [[nodiscard]] bool is_training() const { return training_; }
  // Freezes (requires_grad = false) or unfreezes every parameter of this module, recursively.
  void set_trainable(bool on);

  [[nodiscard]] const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& children() const {
    return children_;
  }
  [[nodiscard]] int64_t parameter_count() const;

  // Converts every floating-point parameter and buffer to dtype in place (integer buffers such as
  // num_batches_tracked stay int64). The handles subclasses hold stay valid; gradients are dropped.
  // Build in float32 and call to(DType::f64) for gradient checks.
  void to(DType dtype);
  // The dtype of the first parameter, or float32 for a module without parameters.
  [[nodiscard]] DType dtype() const;

 protected:
  Tensor register_parameter(const std::string& name, Tensor value);
  Tensor register_buffer(const std::string& name, Tensor value);
  template <class M>
  std::shared_ptr<M> register_module(const std::string& name, std::shared_ptr<M> module) {
    children_.emplace_back(name, module);
    return module;
  }
  // Replaces the value of a registered buffer (e.g. running statistics); handles to it see the new value.
  void set_buffer(const std::string& name, Tensor value);

 private:
  void collect(const std::string& prefix, NamedTensors& out, bool buffers) const;

  NamedTensors parameters_, buffers_;
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> children_;
  bool training_ = true;
};

}  // namespace nabla::nn
