// Layer outputs and BatchNorm running statistics against torch.nn (tests/reference/make_nn_fixtures.py).
#include <gtest/gtest.h>

#include <nabla/nn/batch_norm.h>
#include <nabla/nn/conv2d.h>
#include <nabla/nn/linear.h>
#include <nabla/nn/pool2d.h>

#include "nn_fixture.h"

namespace nabla::nn {
namespace {

using test::expect_close;
using test::fixtures;
using test::tensor_from;

constexpr double kTol = 1e-12;  // float64 against float64: only summation order differs

void set(const Tensor& param, const nlohmann::json& j) {
  Tensor target = param;
  target.copy_(tensor_from(j));
}

TEST(NnParity, LinearForward) {
  const nlohmann::json& c = fixtures().at("linear");
  Generator gen(0);
  Linear layer(5, 3, gen);
  layer.to(DType::f64);
  set(layer.weight(), c.at("weight"));
  set(layer.bias(), c.at("bias"));
  expect_close(layer(tensor_from(c.at("x"))), tensor_from(c.at("y")), kTol, "Linear(5, 3)");
}

TEST(NnParity, Conv2dForwardWithStrideAndPadding) {
  for (const nlohmann::json& c : fixtures().at("conv")) {
    Generator gen(0);
    Conv2d layer(2, 4, 3, gen, {.stride = c.at("stride").get<int64_t>(), .padding = c.at("padding").get<int64_t>()});
    layer.to(DType::f64);
    set(layer.weight(), c.at("weight"));
    set(layer.bias(), c.at("bias"));
    expect_close(layer(tensor_from(c.at("x"))), tensor_from(c.at("y")), kTol, layer.describe());
  }
}

TEST(NnParity, PoolsWithPadding) {
  const nlohmann::json& c = fixtures().at("pool");
  const Pool2dOptions o{.stride = c.at("stride").get<int64_t>(), .padding = c.at("padding").get<int64_t>()};
  const int64_t k = c.at("kernel").get<int64_t>();
  const Tensor x = tensor_from(c.at("x"));
  MaxPool2d max_pool(k, o);
  AvgPool2d avg_pool(k, o);
  expect_close(max_pool(x), tensor_from(c.at("max")), kTol, max_pool.describe());
  expect_close(avg_pool(x), tensor_from(c.at("avg")), kTol, avg_pool.describe());
}

// Three train batches (each output compared), the running statistics, then an eval-mode output.
void check_batch_norm(BatchNorm& layer, const nlohmann::json& c, DType dtype, double tol) {
  layer.to(dtype);
  set(layer.weight(), c.at("weight"));
  set(layer.bias(), c.at("bias"));
  for (std::size_t i = 0; i < 3; ++i)
    expect_close(layer(tensor_from(c.at("batches")[i], dtype)), tensor_from(c.at("train_outputs")[i]), tol,
                 layer.describe() + " train batch " + std::to_string(i));
  expect_close(layer.running_mean(), tensor_from(c.at("running_mean")), tol, "running_mean");
  expect_close(layer.running_var(), tensor_from(c.at("running_var")), tol, "running_var (unbiased)");
  EXPECT_EQ(layer.num_batches_tracked().dtype(), DType::i64);
  EXPECT_EQ(layer.num_batches_tracked().dim(), 0);
  EXPECT_EQ(layer.num_batches_tracked().item(), c.at("num_batches_tracked").get<double>());
  layer.eval();
  expect_close(layer(tensor_from(c.at("eval_x"), dtype)), tensor_from(c.at("eval_y")), tol, "eval");
}

TEST(NnParity, BatchNorm1d) {
  BatchNorm1d layer(3);
  check_batch_norm(layer, fixtures().at("batch_norm_1d"), DType::f64, kTol);
}

TEST(NnParity, BatchNorm1dOnSequences) {
  BatchNorm1d layer(3);
  check_batch_norm(layer, fixtures().at("batch_norm_1d_sequence"), DType::f64, kTol);
}

TEST(NnParity, BatchNorm2d) {
  BatchNorm2d layer(3);
  check_batch_norm(layer, fixtures().at("batch_norm_2d"), DType::f64, kTol);
}

TEST(NnParity, BatchNorm2dInFloat32) {
  BatchNorm2d layer(3);
  check_batch_norm(layer, fixtures().at("batch_norm_2d"), DType::f32, 2e-5);  // float32 rounding of O(5) values
}

}  // namespace
}  // namespace nabla::nn
