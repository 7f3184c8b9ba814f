// Sharpness at the end of training: power iteration on the Hessian of a fixed batch's loss.
#include <nabla/train/sharpness.h>

#include <algorithm>
#include <exception>
#include <string>

#include <nabla/autograd/ops.h>

namespace nabla::train {
namespace {

// H·v of the batch's mean loss as the sum over chunks of (chunk's samples / batch's) · H_chunk·v: the
// same product (a model in eval mode treats samples independently, and a penalty on the weights is
// counted once through the weights summing to 1), with the second-order graph of one chunk alive at a
// time instead of the whole batch's.
optim::LinearOperator chunked_hessian_product(const std::function<Tensor(const data::Batch&)>& loss_of,
                                              const std::vector<Tensor>& params, int64_t n,
                                              const data::Batch& batch, int64_t chunk) {
  std::vector<data::Batch> chunks;
  for (int64_t begin = 0; begin < batch.samples; begin += chunk) {
    const int64_t end = std::min(batch.samples, begin + chunk);
    chunks.push_back({.x = slice(batch.x, 0, begin, end), .y = slice(batch.y, 0, begin, end),
                      .samples = end - begin, .global_samples = end - begin});
  }
  const DType dtype = params.front().dtype();
  return [=](const std::vector<double>& v) {
    const Tensor direction = Tensor::from_vector(std::span<const double>(v), {n}).to(dtype);
    std::vector<double> total(v.size(), 0.0);
    for (const data::Batch& c : chunks) {
      const double weight = static_cast<double>(c.samples) / static_cast<double>(batch.samples);
      const std::vector<double> part = hvp([&] { return loss_of(c); }, params, direction).to_vector<double>();
      for (std::size_t i = 0; i < total.size(); ++i) total[i] += weight * part[i];
    }
    return total;
  };
}

}  // namespace

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
    int64_t n = 0;
    for (const Tensor& p : params) n += p.numel();
    const optim::EigenEstimate e = optim::largest_eigenvalue(
        chunked_hessian_product(loss_of, params, n, batch, options.chunk_samples), n, options.power);
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
