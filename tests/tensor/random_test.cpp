// The generator's streams are pinned: PCG32's published reference output, and our mappings' values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <nabla/tensor/random.h>

namespace nabla {
namespace {

TEST(Generator, MatchesThePcg32ReferenceStream) {
  // pcg32-demo: pcg32_srandom_r(&rng, 42, 54) then pcg32_random_r.
  Generator gen(42);
  const uint32_t expected[] = {0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e};
  for (uint32_t e : expected) EXPECT_EQ(gen.next_u32(), e);
}

TEST(Generator, SameSeedSameStreamAndStateRoundTrips) {
  Generator a(7), b(7);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.normal(), b.normal());
  const Generator::State s = a.state();
  const double next = a.uniform();
  b.set_state(s);
  EXPECT_EQ(b.uniform(), next);
}

TEST(Generator, DistributionsHaveTheRightMoments) {
  Generator gen(1);
  const int n = 200000;
  double su = 0, sn = 0, sn2 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = gen.uniform();
    ASSERT_TRUE(u >= 0 && u < 1);
    su += u;
    const double z = gen.normal();
    sn += z;
    sn2 += z * z;
  }
  EXPECT_NEAR(su / n, 0.5, 0.005);
  EXPECT_NEAR(sn / n, 0.0, 0.01);
  EXPECT_NEAR(sn2 / n, 1.0, 0.015);
  std::vector<int> counts(6, 0);
  for (int i = 0; i < 60000; ++i) ++counts[gen.below(6)];
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
}

TEST(Random, TensorsAndPermutations) {
  Generator gen(3);
  const Tensor r = rand({1000}, gen, -2, 2);
  const auto v = r.to_vector<float>();
  EXPECT_TRUE(std::all_of(v.begin(), v.end(), [](float x) { return x >= -2 && x < 2; }));
  const Tensor b = bernoulli({10000}, 0.3, gen);
  const auto bv = b.to_vector<float>();
  EXPECT_NEAR(std::accumulate(bv.begin(), bv.end(), 0.0) / 10000, 0.3, 0.02);
  std::vector<int64_t> p = permutation(50, gen);
  std::vector<int64_t> sorted = p;
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < 50; ++i) EXPECT_EQ(sorted[i], i);
  EXPECT_NE(p, sorted);
  EXPECT_THROW((void)bernoulli({2}, 1.5, gen), std::invalid_argument);
}

}  // namespace
}  // namespace nabla
