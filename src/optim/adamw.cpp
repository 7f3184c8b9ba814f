// AdamW: decoupled weight decay on the weights, then the shared Adam moments update.
#include <nabla/optim/adamw.h>

#include "adam_moments.h"

namespace nabla::optim {

AdamW::AdamW(std::vector<Tensor> params, const AdamWOptions& options)
    : AdamW(std::vector<ParamGroup>{{std::move(params), options.lr}}, options) {}

AdamW::AdamW(std::vector<ParamGroup> groups, const AdamWOptions& options)
    : Optimizer(std::move(groups)), options_(options), moments_(std::make_unique<AdamMoments>(all_params().size())) {
  check_adam_options("adamw", options_.beta1, options_.beta2, options_.eps, options_.weight_decay);
}

AdamW::~AdamW() = default;

void AdamW::set_momentum(double beta1) {
  check_adam_options("adamw", beta1, options_.beta2, options_.eps, options_.weight_decay);
  options_.beta1 = beta1;
}

void AdamW::step() {
  for_each_with_grad([&](const Tensor& p, std::size_t index, double lr) {
    moments_->update(p, grad_of(p), index,
                     {lr, options_.beta1, options_.beta2, options_.eps, options_.weight_decay, options_.amsgrad,
                      /*decoupled=*/true});
  });
}

OptimizerState AdamW::state_dict() const {
  OptimizerState state = Optimizer::state_dict();
  moments_->save(state);
  return state;
}

void AdamW::load_state_dict(const OptimizerState& state) {
  Optimizer::load_state_dict(state);
  moments_->load(state, all_params(), options_.amsgrad);
}

}  // namespace nabla::optim
