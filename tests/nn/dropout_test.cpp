// Dropout: inverted scaling in train mode, identity in eval mode, masks reproducible from the generator.
#include <gtest/gtest.h>

#include <nabla/nn/dropout.h>

namespace nabla::nn {
namespace {

TEST(Dropout, TrainZeroesAboutPAndScalesTheRestByOneOverOneMinusP) {
  Dropout dropout(0.25, std::make_shared<Generator>(1));
  const std::vector<float> y = dropout(Tensor::ones({100, 100})).to_vector<float>();
  int zeros = 0;
  for (float v : y) {
    if (v == 0) ++zeros;
    else EXPECT_FLOAT_EQ(v, 1 / 0.75f);
  }
  // 10⁴ Bernoulli(0.25) draws: standard deviation of the count √(10⁴·0.25·0.75) ≈ 43.
  EXPECT_NEAR(zeros, 2500, 200);
}

TEST(Dropout, EvalIsTheIdentity) {
  Dropout dropout(0.5, std::make_shared<Generator>(1));
  dropout.eval();
  const Tensor x = Tensor::from_list({1, 2, 3}, {3});
  EXPECT_TRUE(dropout(x).same(x));
}

TEST(Dropout, SameGeneratorStateSameMask) {
  auto gen = std::make_shared<Generator>(7);
  Dropout dropout(0.5, gen);
  const Generator::State saved = gen->state();
  const std::vector<float> first = dropout(Tensor::ones({64})).to_vector<float>();
  const std::vector<float> second = dropout(Tensor::ones({64})).to_vector<float>();
  EXPECT_NE(first, second);  // each call draws a new mask
  gen->set_state(saved);     // as a restored checkpoint does
  EXPECT_EQ(dropout(Tensor::ones({64})).to_vector<float>(), first);
}

TEST(Dropout, EdgeProbabilities) {
  auto gen = std::make_shared<Generator>(3);
  const Tensor x = Tensor::ones({10}, DType::f64);
  EXPECT_EQ(Dropout(1.0, gen)(x).to_vector<double>(), std::vector<double>(10, 0.0));
  EXPECT_EQ(Dropout(0.0, gen)(x).to_vector<double>(), std::vector<double>(10, 1.0));
  EXPECT_EQ(Dropout(0.5, gen)(x).dtype(), DType::f64);
  EXPECT_THROW(Dropout(1.5, gen), std::invalid_argument);
  EXPECT_THROW(Dropout(0.5, nullptr), std::invalid_argument);
  EXPECT_EQ(Dropout(0.5, gen).describe(), "Dropout(p=0.5)");
}

}  // namespace
}  // namespace nabla::nn
