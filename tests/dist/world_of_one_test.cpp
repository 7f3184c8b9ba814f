// A process started without mpirun is a world of one: rank 0 of 1, collectives that leave data as it is,
// agreements that rethrow the step's own error, and no gradient averaging at all.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>
#include <nabla/dist/agreement.h>
#include <nabla/dist/bucket_reducer.h>
#include <nabla/dist/data_parallel.h>
#include <nabla/dist/sync_batch_norm.h>
#include <nabla/dist/world.h>
#include <nabla/nn/model_spec.h>
#include <nabla/tensor/random.h>

namespace nabla::dist {
namespace {

TEST(WorldOfOne, IsRankZeroOfOne) {
  init();  // without a launcher: no MPI
  EXPECT_EQ(rank(), 0);
  EXPECT_EQ(world_size(), 1);
  EXPECT_EQ(backend_name(), "single process");
}

TEST(WorldOfOne, CollectivesLeaveTheDataAsItIs) {
  const Tensor t = Tensor::from_list({1, 2, 3}, {3});
  all_reduce(t);
  broadcast(t);
  EXPECT_EQ(t.to_vector<float>(), (std::vector<float>{1, 2, 3}));
  std::vector<double> v{4, 5};
  all_reduce(std::span<double>(v), ReduceOp::max);
  EXPECT_EQ(v, (std::vector<double>{4, 5}));
  EXPECT_EQ(all_gather(std::span<const double>(v)), v);
  std::string bytes = "abc";
  broadcast(bytes);
  EXPECT_EQ(bytes, "abc");
  barrier();
  std::vector<float> f{1.5F};
  Request r = all_reduce_async(std::span<float>(f), ReduceOp::sum, "test");
  EXPECT_TRUE(r.test());
  r.wait();
  EXPECT_EQ(f[0], 1.5F);
}

TEST(WorldOfOne, CollectivesRefuseWhatTheyCannotSend) {
  const Tensor strided = transpose(Tensor::zeros({2, 3}), 0, 1);
  EXPECT_THROW(all_reduce(strided), std::invalid_argument);
  EXPECT_THROW(broadcast(Tensor::zeros({2}), 1), std::invalid_argument);  // no rank 1
  EXPECT_THROW(set_timeout(0), std::invalid_argument);
}

TEST(WorldOfOne, AgreementsRethrowTheStepsOwnError) {
  EXPECT_THROW(fail_together([] { throw std::out_of_range("mine"); }), std::out_of_range);
  EXPECT_NO_THROW(fail_together([] {}));
  EXPECT_EQ(from_root([] { return std::string("bytes"); }), "bytes");
  EXPECT_THROW((void)from_root([]() -> std::string { throw std::domain_error("root's"); }), std::domain_error);
  EXPECT_NO_THROW(require_same_everywhere({{"config", 1}}));
}

TEST(Fingerprint, TellsApartDataThatDifferInOneBit) {
  std::vector<float> a(1001, 0.25F), b = a;
  b[1000] = std::nextafter(0.25F, 1.0F);  // the tail, past the 32-byte blocks
  const auto fp = [](const std::vector<float>& v, uint64_t seed = 0) {
    return fingerprint(std::as_bytes(std::span<const float>(v)), seed);
  };
  EXPECT_EQ(fp(a), fp(a));
  EXPECT_NE(fp(a), fp(b));
  b = a;
  b[3] = 0.5F;  // inside a block
  EXPECT_NE(fp(a), fp(b));
  EXPECT_NE(fp(a), fp(a, 1));
  EXPECT_NE(fp(std::vector<float>(8, 0.0F)), fp(std::vector<float>(9, 0.0F)));  // the length counts
}

TEST(BucketReducer, LeavesGradientsAloneInAWorldOfOne) {
  const Tensor w = Tensor::from_list({1, 2}, {2}).set_requires_grad();
  BucketReducer reducer({w});
  backward(sum(mul(w, w)));
  reducer.finish();
  EXPECT_EQ(w.grad().to_vector<float>(), (std::vector<float>{2, 4}));
  EXPECT_EQ(reducer.bucket_count(), 0u);
  EXPECT_EQ(reducer.stats().reductions, 0);
}

TEST(DataParallel, IsTheModelItselfInAWorldOfOne) {
  Generator gen(0);
  auto model = nn::build_model("linear(4)-batchnorm-relu-linear(2)", {3}, 2, gen, nullptr);
  DataParallel ddp(model);
  const Tensor x = randn({5, 3}, gen);
  EXPECT_EQ(ddp(x).to_vector<float>(), (*model)(x).to_vector<float>());
  EXPECT_EQ(ddp.describe(), "DataParallel(" + model->describe() + ")");
  EXPECT_EQ(ddp.named_parameters().front().first, "module.0.weight");  // as PyTorch's DDP names them
  EXPECT_EQ(convert_sync_batchnorm(*model), 0);
}

TEST(SumOverRanks, IsTheIdentityWithItsGradientInAWorldOfOne) {
  const Tensor x = Tensor::from_list({1, 2}, {2}).set_requires_grad();
  const Tensor y = sum_over_ranks(x);
  EXPECT_EQ(y.to_vector<float>(), (std::vector<float>{1, 2}));
  backward(sum(mul(y, Tensor::from_list({3, 4}, {2}))));
  EXPECT_EQ(x.grad().to_vector<float>(), (std::vector<float>{3, 4}));
}

TEST(AssignBuckets, FillsFromTheLastParameterAndClosesAtTheCap) {
  // Byte sizes (float32): 400, 40, 4000, 8, 800 (f64: 100 doubles), 4.
  const std::vector<Tensor> params = {Tensor::zeros({100}), Tensor::zeros({10}), Tensor::zeros({1000}),
                                      Tensor::zeros({2}), Tensor::zeros({100}, DType::f64), Tensor::zeros({1})};
  const auto buckets = assign_buckets(params, {.first_bucket_bytes = 4, .bucket_bytes = 1000});
  // 5 alone fills the first (4 bytes); 4 is float64, a bucket of its own; then 3, 2 (4008 bytes) close one;
  // 1 and 0 share the last.
  EXPECT_EQ(buckets, (std::vector<std::vector<std::size_t>>{{5}, {4}, {3, 2}, {1, 0}}));
  const auto one = assign_buckets(params, {.first_bucket_bytes = 1 << 20, .bucket_bytes = 1 << 20});
  EXPECT_EQ(one, (std::vector<std::vector<std::size_t>>{{5}, {4}, {3, 2, 1, 0}}));
}

TEST(AssignBuckets, GradientsThatFitInOneBucketGoInOneDespiteTheSmallFirstCap) {
  // 1.69 MB, the default ConvNet's: DDP's 1 MiB first bucket would split it in two all-reduces.
  const std::vector<Tensor> params = {Tensor::zeros({18432}), Tensor::zeros({401408}), Tensor::zeros({1280})};
  const auto buckets = assign_buckets(params, {.first_bucket_bytes = 1 << 20, .bucket_bytes = 4 << 20});
  EXPECT_EQ(buckets, (std::vector<std::vector<std::size_t>>{{2, 1, 0}}));
  // 1 byte more than bucket_bytes: the small first bucket opens again.
  const auto split = assign_buckets(params, {.first_bucket_bytes = 1 << 20, .bucket_bytes = 4 * 421119});
  EXPECT_EQ(split, (std::vector<std::vector<std::size_t>>{{2, 1}, {0}}));
}

}  // namespace
}  // namespace nabla::dist
