// Sequential: a chain of modules applied in order, children named "0", "1", … as in torch.nn.Sequential.
#pragma once
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include <nabla/nn/module.h>

namespace nabla::nn {

// A layer handed to Sequential's constructor: a module moved in (a temporary), or a shared_ptr to one.
template <class L>
concept LayerArgument = (std::derived_from<std::remove_cvref_t<L>, Module> && !std::is_lvalue_reference_v<L>) ||
                        std::convertible_to<L, std::shared_ptr<Module>>;

class Sequential : public Module {
 public:
  Sequential() = default;
  explicit Sequential(const std::vector<std::shared_ptr<Module>>& layers);
  explicit Sequential(std::initializer_list<std::shared_ptr<Module>> layers)
      : Sequential(std::vector<std::shared_ptr<Module>>(layers)) {}
  // Sequential(Linear(2, 8, gen), Tanh(), Linear(8, 1, gen)), as torch.nn.Sequential(...).
  template <LayerArgument... Layers>
    requires(sizeof...(Layers) > 0)
  explicit Sequential(Layers&&... layers) {
    (push_back(as_layer(std::forward<Layers>(layers))), ...);
  }

  // Appends a layer under the next index as its name.
  void push_back(std::shared_ptr<Module> layer);

  [[nodiscard]] Tensor forward(const Tensor& x) override;
  // "Sequential(3 layers)"; describe_model (nn/model_summary.h) lists them.
  [[nodiscard]] std::string describe() const override;

  [[nodiscard]] std::size_t size() const { return children().size(); }
  [[nodiscard]] Module& operator[](std::size_t i) const;

 private:
  template <class L>
  static std::shared_ptr<Module> as_layer(L&& layer) {
    if constexpr (std::derived_from<std::remove_cvref_t<L>, Module>)
      return std::make_shared<std::remove_cvref_t<L>>(std::forward<L>(layer));
    else
      return std::forward<L>(layer);
  }
};

}  // namespace nabla::nn
