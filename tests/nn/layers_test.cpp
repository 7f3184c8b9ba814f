// Layer descriptions, output shapes and input checks of Conv2d, the pools, Flatten and the activations,
// and Sequential's fused ReLU + max pooling.
#include <gtest/gtest.h>

#include "../common/error_of.h"

#include <cmath>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/ops.h>
#include <nabla/nn/activation.h>
#include <nabla/nn/conv2d.h>
#include <nabla/nn/flatten.h>
#include <nabla/nn/pool2d.h>
#include <nabla/nn/sequential.h>
#include <nabla/tensor/random.h>

namespace nabla::nn {
namespace {

using nabla::test::error_of;

TEST(Layers, Conv2dShapesAndChecks) {
  Generator gen(0);
  Conv2d conv(3, 8, 5, gen, {.stride = 2, .padding = 2, .bias = false});
  EXPECT_EQ(conv.describe(), "Conv2d(3, 8, kernel=5, stride=2, padding=2, bias=false)");
  EXPECT_EQ(conv.parameters().size(), 1u);
  EXPECT_FALSE(conv.bias().defined());
  EXPECT_EQ(conv(Tensor::zeros({2, 3, 9, 10})).shape(), (Shape{2, 8, 5, 5}));
  EXPECT_EQ(error_of([&] { (void)conv(Tensor::zeros({2, 4, 9, 9})); }),
            "Conv2d(3, 8, kernel=5, stride=2, padding=2, bias=false): input [2, 4, 9, 9] must be (N, 3, H, W)");
  EXPECT_THROW(Conv2d(3, 8, 0, gen), std::invalid_argument);
}

TEST(Layers, Conv2dDefaultInitIsXavierUniform) {
  Generator gen(1);
  Conv2d conv(4, 6, 3, gen);
  const double bound = std::sqrt(6.0 / ((4 + 6) * 9));
  for (float w : conv.weight().to_vector<float>()) EXPECT_LE(std::abs(w), bound);
  EXPECT_EQ(conv.bias().to_vector<float>(), std::vector<float>(6, 0.0f));
}

TEST(Layers, PoolsDefaultStrideIsTheKernel) {
  MaxPool2d max_pool(2);
  AvgPool2d avg_pool(3, {.stride = 1});
  EXPECT_EQ(max_pool.describe(), "MaxPool2d(kernel=2, stride=2)");
  EXPECT_EQ(avg_pool.describe(), "AvgPool2d(kernel=3, stride=1)");
  EXPECT_EQ(max_pool(Tensor::zeros({1, 2, 7, 8})).shape(), (Shape{1, 2, 3, 4}));
  EXPECT_EQ(avg_pool(Tensor::zeros({1, 2, 7, 8})).shape(), (Shape{1, 2, 5, 6}));
  EXPECT_THROW((void)max_pool(Tensor::zeros({2, 7, 8})), std::invalid_argument);
  EXPECT_THROW(MaxPool2d(2, {.padding = 2}), std::invalid_argument);
}

TEST(Layers, MaxPoolPicksTheLargestAndAvgPoolAverages) {
  const Tensor x = Tensor::from_list({1, 5, 2, 0, -1, 3, 4, 8, 0, 0, 6, 7, 1, 1, 2, 2}, {1, 1, 4, 4});
  EXPECT_EQ(MaxPool2d(2)(x).to_vector<float>(), (std::vector<float>{5, 8, 1, 7}));
  EXPECT_EQ(AvgPool2d(2)(x).to_vector<float>(), (std::vector<float>{2, 3.5f, 0.5f, 4.25f}));
}

TEST(Layers, SequentialRunsReluThenMaxPoolAsOneOpWithTheSameResult) {
  Generator gen(5);
  const Tensor x = randn({2, 3, 6, 6}, gen).set_requires_grad();
  const Tensor x_ref = x.detach().clone().set_requires_grad();
  Sequential net({std::make_shared<ReLU>(), std::make_shared<MaxPool2d>(2), std::make_shared<ReLU>()});
  const Tensor y = net(x);
  ASSERT_NE(y.grad_fn(), nullptr);  // the last ReLU, fed by the fused op
  EXPECT_EQ(y.grad_fn()->inputs.at(0).grad_fn()->name, "relu_max_pool2d");
  const Tensor y_ref = relu(max_pool2d(relu(x_ref)));
  EXPECT_EQ(y.to_vector<float>(), y_ref.to_vector<float>());
  backward(sum(mul(y, y)));
  backward(sum(mul(y_ref, y_ref)));
  EXPECT_EQ(x.grad().to_vector<float>(), x_ref.grad().to_vector<float>());
}

TEST(Layers, FlattenAndActivations) {
  EXPECT_EQ(Flatten()(Tensor::zeros({2, 3, 4, 5})).shape(), (Shape{2, 60}));
  EXPECT_EQ(Flatten(2)(Tensor::zeros({2, 3, 4, 5})).shape(), (Shape{2, 3, 20}));
  const Tensor x = Tensor::from_list({-1, 0, 2}, {3}, DType::f64);
  EXPECT_EQ(ReLU()(x).to_vector<double>(), (std::vector<double>{0, 0, 2}));
  EXPECT_DOUBLE_EQ(Sigmoid()(x).to_vector<double>()[1], 0.5);
  EXPECT_DOUBLE_EQ(Tanh()(x).to_vector<double>()[2], std::tanh(2.0));
  EXPECT_EQ(ReLU().describe(), "ReLU");
}

}  // namespace
}  // namespace nabla::nn
