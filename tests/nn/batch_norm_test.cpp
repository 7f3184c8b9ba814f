// BatchNorm: state dict names, input checks, running statistics updated only in train mode, the ReLU after
// it fused by Sequential.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/nn/activation.h>
#include <nabla/nn/batch_norm.h>
#include <nabla/nn/sequential.h>
#include <nabla/tensor/random.h>

namespace nabla::nn {
namespace {

TEST(BatchNorm, StateDictHasPyTorchNames) {
  BatchNorm2d bn(4);
  std::vector<std::string> keys;
  for (const auto& [key, value] : bn.state_dict()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"bias", "num_batches_tracked", "running_mean", "running_var", "weight"}));
  EXPECT_EQ(bn.parameters().size(), 2u);
  EXPECT_EQ(bn.describe(), "BatchNorm2d(4)");
}

TEST(BatchNorm, ToFloat64KeepsTheCounterInt64) {
  BatchNorm1d bn(2);
  bn.to(DType::f64);
  EXPECT_EQ(bn.running_var().dtype(), DType::f64);
  EXPECT_EQ(bn.num_batches_tracked().dtype(), DType::i64);
}

TEST(BatchNorm, TrainOutputHasZeroMeanUnitVariancePerChannel) {
  BatchNorm1d bn(2);
  const Tensor y = bn(Tensor::from_list({1, 10, 2, 20, 3, 30, 4, 40}, {4, 2}, DType::f32));
  const std::vector<float> v = y.to_vector<float>();
  for (int c = 0; c < 2; ++c) {
    double mean = 0, var = 0;
    for (int i = 0; i < 4; ++i) mean += v[i * 2 + c] / 4.0;
    for (int i = 0; i < 4; ++i) var += (v[i * 2 + c] - mean) * (v[i * 2 + c] - mean) / 4.0;
    EXPECT_NEAR(mean, 0, 1e-6);
    EXPECT_NEAR(var, 1, 1e-4);  // ε = 1e-5 against a variance of 1.25 and 125
  }
}

TEST(BatchNorm, EvalDoesNotUpdateRunningStatistics) {
  BatchNorm1d bn(2);
  bn.eval();
  (void)bn(Tensor::ones({3, 2}));
  EXPECT_EQ(bn.running_mean().to_vector<float>(), (std::vector<float>{0, 0}));
  EXPECT_EQ(bn.num_batches_tracked().item(), 0);
}

TEST(BatchNorm, EvalWithoutGradMatchesTheFormula) {
  // Without a graph to record, eval mode folds the statistics into one scale and shift per channel.
  BatchNorm2d bn(2);
  Tensor(bn.running_mean()).copy_(Tensor::from_list({1, -2}, {2}));
  Tensor(bn.running_var()).copy_(Tensor::from_list({4, 0.25}, {2}));
  Tensor(bn.weight()).copy_(Tensor::from_list({3, 1}, {2}));  // copy_ is in place: the parameter itself
  Tensor(bn.bias()).copy_(Tensor::from_list({0.5, 0}, {2}));
  bn.eval();
  NoGradGuard no_grad;
  const Tensor y = bn(Tensor::from_list({5, -1, -2, 0}, {1, 2, 2, 1}));
  const std::vector<float> v = y.to_vector<float>();
  const double eps = 1e-5;
  EXPECT_NEAR(v[0], (5 - 1) / std::sqrt(4 + eps) * 3 + 0.5, 1e-5);
  EXPECT_NEAR(v[1], (-1 - 1) / std::sqrt(4 + eps) * 3 + 0.5, 1e-5);
  EXPECT_NEAR(v[2], (-2 + 2) / std::sqrt(0.25 + eps), 1e-5);
  EXPECT_NEAR(v[3], (0 + 2) / std::sqrt(0.25 + eps), 1e-5);
}

TEST(BatchNorm, InputChecks) {
  BatchNorm1d bn1(3);
  BatchNorm2d bn2(3);
  EXPECT_THROW((void)bn1(Tensor::zeros({4, 2})), std::invalid_argument);        // channels
  EXPECT_THROW((void)bn1(Tensor::zeros({4, 3, 2, 2})), std::invalid_argument);  // rank
  EXPECT_THROW((void)bn2(Tensor::zeros({4, 3})), std::invalid_argument);
  try {
    (void)bn1(Tensor::zeros({1, 3}));
    FAIL() << "no error for a batch of one";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("more than one value per channel"), std::string::npos) << e.what();
  }
  bn1.eval();
  EXPECT_EQ(bn1(Tensor::zeros({1, 3})).shape(), (Shape{1, 3}));  // fine in eval mode
}

TEST(BatchNorm, SequentialRunsBatchNormThenReluAsOneOp) {
  Sequential fused({std::make_shared<BatchNorm2d>(2), std::make_shared<ReLU>()});
  Generator gen(23);
  const Tensor x = randn({4, 2, 3, 3}, gen).set_requires_grad();
  const Tensor y = fused.forward(x);
  ASSERT_TRUE(y.grad_fn());
  EXPECT_EQ(y.grad_fn()->name, "batch_norm");  // not relu over a batch_norm output
  EXPECT_GE(min(y).item(), 0.0);
  fused.eval();  // running statistics, no graph: the ReLU still applies
  NoGradGuard no_grad;
  EXPECT_GE(min(fused.forward(x)).item(), 0.0);
  EXPECT_LT(min((*fused.children()[0].second)(x)).item(), 0.0);  // the batch norm alone does go below 0
}

}  // namespace
}  // namespace nabla::nn
