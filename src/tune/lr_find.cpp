// The two learning-rate estimates of a training config: Hessian power iteration and the range test.
#include <nabla/tune/lr_find.h>

#include <memory>
#include <optional>
#include <stdexcept>

#include <nabla/autograd/ops.h>
#include <nabla/data/data_loader.h>
#include <nabla/loss/l2_penalty.h>
#include <nabla/optim/factory.h>
#include <nabla/tensor/threads.h>
#include <nabla/train/data_splits.h>
#include <nabla/train/fine_tuning.h>
#include <nabla/train/initial_weights.h>
#include <nabla/train/saved_run.h>

namespace nabla::tune {
namespace {

// A freshly initialised model with its loss, what it trains and what the L2 penalty covers.
struct Net {
  std::shared_ptr<Generator> dropout_gen;
  train::ModelAndLoss ml;
  std::vector<Tensor> params, weights;
};

Net make_net(const train::TrainConfig& c, const data::LabeledData& train) {
  Net net{.dropout_gen = std::make_shared<Generator>(c.seed + 1), .ml = {}, .params = {}, .weights = {}};
  net.ml = train::build_model_and_loss(c, train.sample_shape, train.num_classes, net.dropout_gen);
  if (!c.init_from.empty())
    train::load_initial_weights(*net.ml.model, c.init_from, c.reset_head ? train::head_prefix(*net.ml.model) : "");
  if (!c.freeze.empty()) (void)train::freeze_parameters(*net.ml.model, train::parse_prefix_list(c.freeze));
  for (const auto& [name, p] : net.ml.model->named_parameters()) {
    if (!p.requires_grad()) continue;
    net.params.push_back(p);
    if (name.size() >= 6 && name.compare(name.size() - 6, 6, "weight") == 0) net.weights.push_back(p);
  }
  net.ml.model->train();
  return net;
}

// The training loss of one batch, as the trainer computes it.
Tensor batch_loss(Net& net, const train::TrainConfig& c, const data::Batch& b) {
  const Tensor out = (*net.ml.model)(b.x);
  Tensor l = net.ml.loss(out, loss::encode_targets(b.y, net.ml.loss.target, out));
  if (c.l2 > 0) l = add(l, loss::l2_penalty(net.weights, c.l2));
  return l;
}

HessianLr hessian_lr(Net& net, const train::TrainConfig& c, const data::LabeledData& train, const LrFindOptions& o) {
  if (o.hessian_samples < 1)
    throw std::invalid_argument("lr-find: hessian_samples must be >= 1, not " + std::to_string(o.hessian_samples));
  data::DataLoader loader(train, {.batch_size = o.hessian_samples, .shuffle = true, .seed = c.seed, .prefetch = false});
  loader.start_epoch(0);
  const data::Batch batch = *loader.next();
  // Every call replays the same dropout mask, so that f is one fixed function of the weights.
  const Generator::State mask = net.dropout_gen->state();
  const ScalarFunction f = [&] {
    net.dropout_gen->set_state(mask);
    return batch_loss(net, c, batch);
  };
  HessianLr h{.eigen = optim::hessian_largest_eigenvalue(f, net.params, o.power), .samples = batch.y.numel()};
  if (h.eigen.lambda_max > 0) {
    h.stability_bound = 2 / h.eigen.lambda_max;
    h.suggested_lr = 1 / h.eigen.lambda_max;
  }
  return h;
}

LrSweep sweep(Net& net, const train::TrainConfig& c, const data::LabeledData& train, const LrFindOptions& o) {
  const std::unique_ptr<optim::Optimizer> optimizer = optim::make_optimizer(c.optimizer, net.params);
  data::DataLoader loader(train, {.batch_size = c.batch_size, .shuffle = true, .seed = c.seed});
  int64_t epoch = 0;
  loader.start_epoch(epoch);
  // Each step takes the next minibatch, going round the training set as often as the steps need.
  return lr_sweep(
      [&](double lr) {
        std::optional<data::Batch> b = loader.next();
        if (!b) {
          loader.start_epoch(++epoch);
          b = loader.next();
        }
        optimizer->set_lr(lr);
        return optimizer->step(optim::make_closure(*optimizer, [&] { return batch_loss(net, c, *b); })).item();
      },
      o.sweep);
}

}  // namespace

LrFindResult lr_find(const train::TrainConfig& config, const LrFindOptions& options) {
  train::validate(config);
  if (config.threads > 0) set_num_threads(config.threads);
  const train::DataSplits data = train::load_data_splits(config);
  // Two models from the same seed, so both start at the initial weights (the sweep trains its own).
  Net for_hessian = make_net(config, data.train), for_sweep = make_net(config, data.train);
  LrFindResult r{.hessian = hessian_lr(for_hessian, config, data.train, options),
                 .sweep = sweep(for_sweep, config, data.train, options),
                 .optimizer = config.optimizer.name};
  for (const Tensor& p : for_sweep.params) r.parameters += p.numel();
  return r;
}

}  // namespace nabla::tune
