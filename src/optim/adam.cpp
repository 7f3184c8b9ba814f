// Adam: L2 weight decay folded into the gradient, then the shared Adam moments update.
#include <nabla/optim/adam.h>

#include "adam_moments.h"

namespace nabla::optim {

Adam::Adam(std::vector<Tensor> params, const AdamOptions& options)
    : Adam(std::vector<ParamGroup>{{std::move(params), options.lr}}, options) {}

Adam::Adam(std::vector<ParamGroup> groups, const AdamOptions& options)
    : Optimizer(std::move(groups)), options_(options), moments_(std::make_unique<AdamMoments>(all_params().size())) {
  check_adam_options("adam", options_.beta1, options_.beta2, options_.eps, options_.weight_decay);
}

Adam::~Adam() = default;

void Adam::set_momentum(double beta1) {
  check_adam_options("adam", beta1, options_.beta2, options_.eps, options_.weight_decay);
  options_.beta1 = beta1;
}

void Adam::step() {
  for_each_with_grad([&](const Tensor& p, std::size_t index, double lr) {
    moments_->update(p, grad_of(p), index,
                     {lr, options_.beta1, options_.beta2, options_.eps, options_.weight_decay, options_.amsgrad,
                      /*decoupled=*/false});
  });
}

OptimizerState Adam::state_dict() const {
  OptimizerState state = Optimizer::state_dict();
  moments_->save(state);
  return state;
}

void Adam::load_state_dict(const OptimizerState& state) {
  Optimizer::load_state_dict(state);
  moments_->load(state, all_params(), options_.amsgrad);
}

}  // namespace nabla::optim
