// nn::functional: batch_norm against torch.nn.functional (through BatchNorm2d's fixture, which PyTorch
// computes with it), its running statistics updated in place, and dropout's masks.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include <nabla/nn/dropout.h>
#include <nabla/nn/functional.h>

#include "../common/error_of.h"
#include "nn_fixture.h"

namespace nabla::nn {
namespace {

using test::expect_close;
using test::fixtures;
using test::tensor_from;

constexpr double kTol = 1e-12;  // float64 against float64: only summation order differs

TEST(Functional, BatchNormMatchesPyTorchAndUpdatesTheRunningStatisticsInPlace) {
  const nlohmann::json& c = fixtures().at("batch_norm_2d");
  const Tensor running_mean = Tensor::zeros({3}, DType::f64), running_var = Tensor::ones({3}, DType::f64);
  functional::BatchNormArgs args{.weight = tensor_from(c.at("weight")), .bias = tensor_from(c.at("bias")),
                                 .training = true};
  for (std::size_t i = 0; i < 3; ++i)
    expect_close(functional::batch_norm(tensor_from(c.at("batches")[i]), running_mean, running_var, args),
                 tensor_from(c.at("train_outputs")[i]), kTol, "train batch " + std::to_string(i));
  expect_close(running_mean, tensor_from(c.at("running_mean")), kTol, "running_mean");
  expect_close(running_var, tensor_from(c.at("running_var")), kTol, "running_var (unbiased)");
  args.training = false;
  expect_close(functional::batch_norm(tensor_from(c.at("eval_x")), running_mean, running_var, args),
               tensor_from(c.at("eval_y")), kTol, "eval");
}

TEST(Functional, BatchNormWithoutAffineOrRunningStatistics) {
  // torch: F.batch_norm(x, None, None, training=True) on [[1, 10], [3, 30]]: ±1/√(1 + ε/σ²) per column.
  const Tensor x = Tensor::from_list({1, 10, 3, 30}, {2, 2}, DType::f64);
  const Tensor y = functional::batch_norm(x, {}, {}, {.training = true});
  const std::vector<double> v = y.to_vector<double>();
  EXPECT_NEAR(v[0], -1 / std::sqrt(1 + 1e-5), 1e-12);
  EXPECT_NEAR(v[3], 1 / std::sqrt(1 + 1e-5 / 100), 1e-12);
  EXPECT_EQ(nabla::test::error_of([&] { (void)functional::batch_norm(x, {}, {}); }),
            "batch_norm: eval mode needs running_mean and running_var");
  EXPECT_EQ(nabla::test::error_of([&] { (void)functional::batch_norm(x, Tensor::zeros({3}), Tensor::ones({2})); }),
            "batch_norm: running_mean [3] must be [2], the channels of input [2, 2]");
}

TEST(Functional, DropoutDrawsTheModulesMasks) {
  const Tensor x = Tensor::ones({4, 50});
  Generator gen(7);
  Dropout layer(0.3, std::make_shared<Generator>(7));
  EXPECT_EQ(functional::dropout(x, 0.3, gen).to_vector<float>(), layer(x).to_vector<float>());
  EXPECT_TRUE(functional::dropout(x, 0.3, gen, false).same(x));
  EXPECT_EQ(nabla::test::error_of([&] { (void)functional::dropout(x, 1.5, gen); }),
            "dropout: p = 1.500000 is not in [0, 1]");
}

}  // namespace
}  // namespace nabla::nn
