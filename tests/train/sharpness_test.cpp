// measure_sharpness: Hessian-vector products summed over chunks of the batch give the whole batch's λ_max.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/loss/cross_entropy.h>
#include <nabla/nn/activation.h>
#include <nabla/nn/linear.h>
#include <nabla/nn/sequential.h>
#include <nabla/tensor/random.h>
#include <nabla/train/sharpness.h>

namespace nabla::train {
namespace {

TEST(Sharpness, ChunkedProductsEqualTheWholeBatchs) {
  // 50 samples of 3 features, 3 classes, a tanh network in float64: chunks of 7 leave a last chunk of 1.
  Generator gen(3);
  data::LabeledData train{.features = {}, .sample_shape = {3}, .labels = {}, .num_classes = 3, .class_names = {}};
  for (int i = 0; i < 50; ++i) {
    for (int j = 0; j < 3; ++j) train.features.push_back(static_cast<float>(gen.normal()));
    train.labels.push_back(i % 3);
  }
  nn::Sequential model(nn::Linear(3, 5, gen), nn::Tanh(), nn::Linear(5, 3, gen));
  model.to(DType::f64);
  const auto loss_of = [&](const data::Batch& b) { return loss::cross_entropy(model(b.x.to(DType::f64)), b.y); };
  const std::vector<Tensor> params = model.parameters();
  const Sharpness whole = measure_sharpness(loss_of, params, train, 0.1, {.chunk_samples = 50});
  const Sharpness chunked = measure_sharpness(loss_of, params, train, 0.1, {.chunk_samples = 7});
  ASSERT_EQ(whole.skipped, "");
  EXPECT_EQ(whole.samples, 50);
  EXPECT_GT(whole.lambda_max, 0);
  EXPECT_NEAR(chunked.lambda_max, whole.lambda_max, 1e-12 * whole.lambda_max);
  EXPECT_EQ(chunked.iterations, whole.iterations);
}

}  // namespace
}  // namespace nabla::train
