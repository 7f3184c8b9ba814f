// The collectives and agreements over 2 processes (run under mpirun -np 2): sums, copies and gathers
// across ranks, one rank's failure failing both, and a wait for a stuck rank ending in an error.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <nabla/dist/agreement.h>
#include <nabla/dist/world.h>

namespace nabla::dist {
namespace {

TEST(Collectives, RunInAWorldOfTwo) {
  ASSERT_EQ(world_size(), 2) << "run under mpirun -np 2";
  EXPECT_EQ(local_world_size(), 2);
  EXPECT_NE(backend_name().find("MPI"), std::string::npos) << backend_name();
}

TEST(Collectives, AllReduceCombinesEveryRanksValues) {
  const Tensor t = Tensor::from_list({1.0 + rank(), 10.0 * rank()}, {2}, DType::f64);
  all_reduce(t);
  EXPECT_EQ(t.to_vector<double>(), (std::vector<double>{3, 10}));
  std::vector<int64_t> v{rank(), 5 - rank()};
  all_reduce(std::span<int64_t>(v), ReduceOp::max);
  EXPECT_EQ(v, (std::vector<int64_t>{1, 5}));
  std::vector<float> f{static_cast<float>(rank() + 1)};
  Request r = all_reduce_async(std::span<float>(f), ReduceOp::min, "test");
  r.wait();
  EXPECT_EQ(f[0], 1.0F);
}

TEST(Collectives, BroadcastCopiesTheRootsValuesAndBytes) {
  const Tensor t = Tensor::full({3}, rank() + 7.0);
  broadcast(t, 1);
  EXPECT_EQ(t.to_vector<float>(), (std::vector<float>{8, 8, 8}));
  std::string bytes = rank() == 0 ? std::string(100000, 'x') : "short";
  broadcast(bytes);
  EXPECT_EQ(bytes, std::string(100000, 'x'));
  barrier();
}

TEST(Collectives, AllGatherTakesEveryRanksCountInRankOrder) {
  const std::vector<double> mine(static_cast<std::size_t>(rank() + 1), rank() + 0.5);  // 1 value, then 2
  EXPECT_EQ(all_gather(std::span<const double>(mine)), (std::vector<double>{0.5, 1.5, 1.5}));
  const std::vector<int64_t> none;
  const std::vector<int64_t> some{42};
  EXPECT_EQ(all_gather(std::span<const int64_t>(rank() == 0 ? none : some)), (std::vector<int64_t>{42}));
}

TEST(Agreement, OneRanksFailureFailsEveryRankAndIsToldOnce) {
  try {
    fail_together([] {
      if (rank() == 1) throw std::runtime_error("data: blobs.csv: no such file");
    });
    FAIL() << "no exception";
  } catch (const RankFailure& e) {
    EXPECT_EQ(rank(), 1);
    EXPECT_STREQ(e.what(), "data: blobs.csv: no such file");
  } catch (const PeerFailure& e) {
    EXPECT_EQ(rank(), 0);
    EXPECT_EQ(e.failed_rank(), 1);
    EXPECT_STREQ(e.what(), "rank 1: data: blobs.csv: no such file");
  }
  EXPECT_NO_THROW(fail_together([] {}));
}

TEST(Agreement, TheRootsBytesOrItsErrorReachEveryRank) {
  EXPECT_EQ(from_root([] { return std::string("rank 0's file"); }), "rank 0's file");
  try {
    (void)from_root([]() -> std::string { throw std::runtime_error("cannot read"); });
    FAIL() << "no exception";
  } catch (const RankFailure& e) {
    EXPECT_EQ(rank(), 0);
    EXPECT_STREQ(e.what(), "cannot read");
  } catch (const PeerFailure& e) {
    EXPECT_EQ(rank(), 1);
    EXPECT_STREQ(e.what(), "rank 0: cannot read");
  }
}

TEST(Agreement, DifferentFingerprintsFailEveryRankNamingTheRank) {
  EXPECT_NO_THROW(require_same_everywhere({{"config", 7}, {"data", 9}}));
  try {
    require_same_everywhere({{"config", 7}, {"data", rank() == 1 ? 10u : 9u}});
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("rank 1 was started with another data than rank 0"), std::string::npos) << message;
    EXPECT_EQ(dynamic_cast<const RankFailure*>(&e) != nullptr, rank() == 0);
  }
}

TEST(Timeout, AWaitForAStuckRankEndsInAnErrorNamingTheWaitingRankAndTheOperation) {
  const double before = timeout();
  set_timeout(0.3);
  if (rank() == 1) std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // stuck, then late
  try {
    barrier();
    EXPECT_EQ(rank(), 1);  // the late rank finds its peer's barrier already there
  } catch (const CollectiveError& e) {
    EXPECT_EQ(rank(), 0);
    EXPECT_STREQ(e.what(),
                 "rank 0: barrier did not complete within 0.3 s: another rank stopped responding (its process or "
                 "machine died, the network failed, or it is stuck); NABLA_DIST_TIMEOUT sets how long to wait");
  }
  set_timeout(before);
  barrier();
}

}  // namespace
}  // namespace nabla::dist
