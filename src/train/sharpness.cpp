// Sharpness at the end of training: power iteration on the Hessian of a fixed batch's loss.
#include <nabla/train/sharpness.h>

#include <algorithm>
#include <exception>
#include <string>

namespace nabla::train {

Sharpness measure_sharpness(const std::function<Tensor(const data::Batch&)>& loss_of, const std::vector<Tensor>& params,
                            const data::LabeledData& train, double lr, const SharpnessOptions& options) {
  if (params.empty()) return {.skipped = "the model has no trainable parameters"};
  if (train.size() == 0) return {.skipped = "there are no training samples"};
  data::DataLoader loader(train, {.batch_size = std::min(options.samples, train.size()), .shuffle = true,
                                  .seed = options.seed, .prefetch = false});
  loader.start_epoch(0);
  const data::Batch batch = *loader.next();
  Sharpness s{.lr = lr, .stability_bound = lr > 0 ? 2 / lr : std::numeric_limits<double>::infinity(),
              .samples = batch.samples};
  try {
    const optim::EigenEstimate e = optim::hessian_largest_eigenvalue([&] { return loss_of(batch); }, params, options.power);
    s.lambda_max = e.lambda_max;
    s.iterations = e.iterations;
    s.converged = e.converged;
  } catch (const std::exception& e) {
    // The run itself succeeded; a measurement that cannot be taken is recorded, not fatal.
    return {.skipped = std::string("could not be measured: ") + e.what()};
  }
  return s;
}

}  // namespace nabla::train
