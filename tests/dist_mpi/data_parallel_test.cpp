// Data parallelism over 2 processes (run under mpirun -np 2), in float64 through the library: with the same
// seed and global batch, two processes each on half of every batch end an epoch of SGD with momentum, or
// of Adam, at the weights of one process on the whole batches, to 1e-10 relative; so do SyncBatchNorm and
// accumulation with no_sync. Each rank trains the one-process reference itself, beside the wrapped model.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>
#include <nabla/data/data_loader.h>
#include <nabla/dist/bucket_reducer.h>
#include <nabla/dist/data_parallel.h>
#include <nabla/dist/world.h>
#include <nabla/loss/cross_entropy.h>
#include <nabla/nn/model_spec.h>
#include <nabla/optim/adam.h>
#include <nabla/optim/sgd.h>
#include <nabla/tensor/random.h>

namespace nabla::dist {
namespace {

// 3 noisy blobs in 6 dimensions, 320 samples: 10 batches of 32.
data::LabeledData blobs() {
  data::LabeledData d;
  d.sample_shape = {6};
  d.num_classes = 3;
  Generator gen(11);
  for (int i = 0; i < 320; ++i) {
    const int label = i % 3;
    for (int f = 0; f < 6; ++f) d.features.push_back(static_cast<float>((f == label ? 1.5 : 0.0) + gen.normal()));
    d.labels.push_back(label);
  }
  return d;
}

std::shared_ptr<nn::Sequential> float64_model(const std::string& spec) {
  Generator gen(3);  // the same initial weights on every rank (DataParallel broadcasts rank 0's anyway)
  auto model = nn::build_model(spec, {6}, 3, gen, nullptr);
  model->to(DType::f64);
  return model;
}

// The largest |a − b| over every parameter, relative to the largest |b|.
double relative_difference(const nn::Module& a, const nn::Module& b) {
  double diff = 0, scale = 0;
  const nn::NamedTensors pa = a.named_parameters(), pb = b.named_parameters();
  for (std::size_t i = 0; i < pa.size(); ++i) {
    const std::vector<double> va = pa[i].second.to_vector<double>(), vb = pb[i].second.to_vector<double>();
    for (std::size_t k = 0; k < va.size(); ++k) {
      diff = std::max(diff, std::abs(va[k] - vb[k]));
      scale = std::max(scale, std::abs(vb[k]));
    }
  }
  return diff / scale;
}

using MakeOptimizer = std::function<std::unique_ptr<optim::Optimizer>(std::vector<Tensor>)>;

// One epoch (10 steps of a global batch of 32) by one process on whole batches and by this rank on its
// half of each, through DataParallel; returns the weights' relative difference.
double epoch_difference(const std::string& spec, const MakeOptimizer& make, const DataParallelOptions& options,
                        std::vector<ReducerStats>* stats = nullptr) {
  const data::LabeledData d = blobs();
  auto alone = float64_model(spec), shared = float64_model(spec);
  DataParallel ddp(shared, options);
  auto opt_alone = make(alone->parameters()), opt_shared = make(shared->parameters());
  data::DataLoader whole(d, {.batch_size = 32, .seed = 5, .prefetch = false});
  data::DataLoader half(d, {.batch_size = 32, .seed = 5, .prefetch = false, .rank = rank(), .world_size = 2});
  whole.start_epoch(0);
  half.start_epoch(0);
  while (auto b = whole.next()) {
    opt_alone->zero_grad();
    backward(loss::cross_entropy((*alone)(b->x.to(DType::f64)), b->y));
    opt_alone->step();
    const auto mine = half.next();
    opt_shared->zero_grad();
    backward(loss::cross_entropy(ddp(mine->x.to(DType::f64)), mine->y));
    opt_shared->step();
  }
  if (stats) stats->push_back(ddp.stats());
  return relative_difference(*shared, *alone);
}

const DataParallelOptions kSmallBuckets{.buckets = {.first_bucket_bytes = 64, .bucket_bytes = 256}};

TEST(DataParallel, TwoProcessesFollowOneOnTheWholeBatchWithSgdMomentum) {
  std::vector<ReducerStats> stats;
  const double diff = epoch_difference(
      "linear(16)-tanh-linear(8)-tanh-linear(3)",
      [](std::vector<Tensor> p) { return std::make_unique<optim::SGD>(p, optim::SGDOptions{.lr = 0.1, .momentum = 0.9}); },
      kSmallBuckets, &stats);
  EXPECT_LT(diff, 1e-10);
  std::printf("rank %d: SGD with momentum, float64, 2 processes vs 1 after an epoch: relative difference %.2e\n",
              rank(), diff);
  // Six parameters in small buckets: several all-reduces per step, all but the last started while backward
  // still had gradients to finish.
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].reductions, 10);
  EXPECT_GT(stats[0].buckets, 20);
  EXPECT_EQ(stats[0].early_starts, stats[0].buckets - stats[0].reductions);
}

TEST(DataParallel, TwoProcessesFollowOneOnTheWholeBatchWithAdam) {
  const double diff = epoch_difference(
      "linear(16)-relu-linear(3)",
      [](std::vector<Tensor> p) { return std::make_unique<optim::Adam>(p, optim::AdamOptions{.lr = 0.01}); }, {});
  EXPECT_LT(diff, 1e-10);
  std::printf("rank %d: Adam, float64, 2 processes vs 1 after an epoch: relative difference %.2e\n", rank(), diff);
}

TEST(DataParallel, SyncBatchNormFollowsOneProcessOnTheWholeBatch) {
  DataParallelOptions options = kSmallBuckets;
  options.sync_batchnorm = true;
  const double diff = epoch_difference(
      "linear(16)-batchnorm-relu-linear(3)",
      [](std::vector<Tensor> p) { return std::make_unique<optim::SGD>(p, optim::SGDOptions{.lr = 0.1, .momentum = 0.9}); },
      options);
  EXPECT_LT(diff, 1e-10);
}

TEST(DataParallel, PerRankBatchNormDiffersFromOneProcess) {
  // The default, as DDP: each rank normalises by its own half, so the paths part (the test above is not
  // vacuous).
  const double diff = epoch_difference(
      "linear(16)-batchnorm-relu-linear(3)",
      [](std::vector<Tensor> p) { return std::make_unique<optim::SGD>(p, optim::SGDOptions{.lr = 0.1}); }, {});
  EXPECT_GT(diff, 1e-6);
}

TEST(DataParallel, StartsEveryRankFromRankZerosWeights) {
  Generator gen(static_cast<uint64_t>(rank()));  // different weights on each rank
  auto model = nn::build_model("linear(3)", {6}, 3, gen, nullptr);
  const DataParallel ddp(model);
  const Tensor w = model->parameters().front().clone();
  const Tensor sum = w.clone();
  all_reduce(sum);
  EXPECT_EQ((sum / 2.0).to_vector<float>(), w.to_vector<float>());
}

TEST(DataParallel, NoSyncAccumulatesLikeOneBigBatch) {
  // Two half-batches per rank, the first under no_sync: one all-reduce, the average of four quarters.
  const data::LabeledData d = blobs();
  auto alone = float64_model("linear(3)"), shared = float64_model("linear(3)");
  DataParallel ddp(shared);
  data::DataLoader whole(d, {.batch_size = 64, .shuffle = false, .prefetch = false});
  data::DataLoader quarter(d, {.batch_size = 32, .shuffle = false, .prefetch = false, .rank = rank(), .world_size = 2});
  const auto big = whole.next();
  backward(loss::cross_entropy((*alone)(big->x.to(DType::f64)), big->y));
  const auto first = quarter.next(), second = quarter.next();  // rank r: samples 16r.., then 32 + 16r..
  {
    const auto local = ddp.no_sync();
    backward(loss::cross_entropy(ddp(first->x.to(DType::f64)), first->y) * 0.5);
  }
  backward(loss::cross_entropy(ddp(second->x.to(DType::f64)), second->y) * 0.5);
  EXPECT_EQ(ddp.stats().reductions, 1);
  EXPECT_GT(ddp.stats().fill_seconds, 0.0);  // the synchronised backward copied into its bucket
  const std::vector<double> a = shared->parameters().front().grad().to_vector<double>();
  const std::vector<double> b = alone->parameters().front().grad().to_vector<double>();
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-14) << i;
}

TEST(BucketReducer, AParameterWithoutAGradientIsNamed) {
  const Tensor used = Tensor::from_list({1}, {1}, DType::f64).set_requires_grad();
  const Tensor unused = Tensor::from_list({1}, {1}, DType::f64).set_requires_grad();
  BucketReducer reducer({unused, used}, {.finish_in_backward = false});
  backward(sum(used));
  try {
    reducer.finish();
    FAIL() << "no exception";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "dist::BucketReducer: parameter 0 float64[1] got no gradient in this backward; every "
                           "parameter must take part in the loss on every rank");
  }
}

}  // namespace
}  // namespace nabla::dist
