// L2 regularisation of parameters: λ/2·Σ‖w‖².
#pragma once
#include <vector>

#include <nabla/tensor/tensor.h>

namespace nabla::loss {

// λ/2·Σ_w ‖w‖² over params, a 0-d tensor in the dtype of the first parameter (0 for no parameters).
// Its gradient is λ·w, exactly the term SGD's weight_decay = λ adds to each gradient, so adding this
// penalty to the loss and using weight_decay = λ give the same SGD steps (for Adam they differ: AdamW
// decays outside the adaptive scaling). Usually applied to weights only, not to biases.
[[nodiscard]] Tensor l2_penalty(const std::vector<Tensor>& params, double lambda);

}  // namespace nabla::loss
