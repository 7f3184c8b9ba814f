// predict_probabilities: the run's standardisation, then softmax (or [1 − σ, σ] for one logit) of the
// model's outputs, the same at any batch size; top_classes orders by probability.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/nn/model_spec.h>
#include <nabla/tensor/random.h>
#include <nabla/train/prediction.h>

#include "../common/error_of.h"

namespace nabla::train {
namespace {

RunModel run_of(const std::string& spec, int64_t outputs, std::vector<std::string> class_names) {
  Generator gen(3);
  RunModel run{.config = {}, .model = nn::build_model(spec, {2}, outputs, gen, nullptr), .sample_shape = {2},
               .class_names = std::move(class_names), .normalization = {.mean = {1.0f, -2.0f}, .std = {2.0f, 0.5f}}, .spec = spec};
  run.model->eval();
  return run;
}

// Raw rows (1, 3) and (-1, 0) standardised to (0, 10) and (-1, 4) before the model sees them.
TEST(Prediction, SoftmaxOfTheStandardisedInputsAtAnyBatchSize) {
  const RunModel run = run_of("linear(4)-tanh-linear(3)", 3, {"a", "b", "c"});
  NoGradGuard no_grad;
  const std::vector<float> expected =
      softmax((*run.model)(Tensor::from_vector(std::vector<float>{0, 10, -1, 4}, {2, 2})), -1).to_vector<float>();
  for (int64_t batch : {1, 2, 5}) {
    const std::vector<float> p = predict_probabilities(run, {1, 3, -1, 0}, batch);
    ASSERT_EQ(p.size(), expected.size());
    for (std::size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(p[i], expected[i], 1e-6) << "batch " << batch << ", " << i;
  }
}

TEST(Prediction, OneLogitGivesBothClassesProbabilities) {
  const RunModel run = run_of("linear(1)", 1, {"no", "yes"});
  NoGradGuard no_grad;
  const float z = (*run.model)(Tensor::from_vector(std::vector<float>{0, 10}, {1, 2})).to_vector<float>()[0];
  const std::vector<float> p = predict_probabilities(run, {1, 3}, 8);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_NEAR(p[1], 1 / (1 + std::exp(-z)), 1e-6);
  EXPECT_NEAR(p[0] + p[1], 1, 1e-6);
}

TEST(Prediction, PartialSamplesAndBatchSizeZeroAreRefused) {
  const RunModel run = run_of("linear(3)", 3, {"a", "b", "c"});
  EXPECT_EQ(test::error_of([&] { (void)predict_probabilities(run, {1, 2, 3}, 4); }),
            "3 values are not whole samples of 2");
  EXPECT_EQ(test::error_of([&] { (void)predict_probabilities(run, {1, 2}, 0); }),
            "batch size must be at least 1, got 0");
}

TEST(Prediction, TopClassesMostProbableFirstTiesByIndex) {
  EXPECT_EQ(top_classes({0.1f, 0.4f, 0.1f, 0.4f}, 3), (std::vector<int64_t>{1, 3, 0}));
  EXPECT_EQ(top_classes({0.7f, 0.3f}, 5), (std::vector<int64_t>{0, 1}));
}

}  // namespace
}  // namespace nabla::train
