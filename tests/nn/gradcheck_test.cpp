// Finite-difference checks (float64) of every layer's forward with respect to its input and parameters.
#include <gtest/gtest.h>

#include <nabla/autograd/gradcheck.h>
#include <nabla/autograd/ops.h>
#include <nabla/nn/activation.h>
#include <nabla/nn/batch_norm.h>
#include <nabla/nn/conv2d.h>
#include <nabla/nn/dropout.h>
#include <nabla/nn/flatten.h>
#include <nabla/nn/linear.h>
#include <nabla/nn/model_spec.h>
#include <nabla/nn/pool2d.h>

namespace nabla::nn {
namespace {

Tensor input(const Shape& shape, uint64_t seed) {
  Generator gen(seed);
  return randn(shape, gen, 0, 1, DType::f64).set_requires_grad();
}

// Checks d/d(x, every parameter) of module(x). gradcheck perturbs its inputs in place, and the
// parameters are passed as inputs, so the module sees each perturbation through its own handles.
void expect_module_gradcheck(Module& module, const Tensor& x, bool second_order = false) {
  module.to(DType::f64);
  std::vector<Tensor> inputs{x};
  for (const Tensor& p : module.parameters()) inputs.push_back(p);
  const TensorFunction f = [&module](const std::vector<Tensor>& v) { return module(v[0]); };
  const GradcheckResult r = gradcheck(f, inputs);
  EXPECT_TRUE(r.ok) << module.describe() << ": max error " << r.max_error << "\n" << r.report;
  if (!second_order) return;
  const GradcheckResult r2 = gradgradcheck(f, inputs);
  EXPECT_TRUE(r2.ok) << module.describe() << " grad-of-grad: max error " << r2.max_error << "\n" << r2.report;
}

TEST(ModuleGradcheck, Linear) {
  Generator gen(1);
  Linear layer(4, 3, gen);
  expect_module_gradcheck(layer, input({5, 4}, 2), true);
}

TEST(ModuleGradcheck, Conv2dWithStrideAndPadding) {
  Generator gen(3);
  Conv2d layer(2, 3, 3, gen, {.stride = 2, .padding = 1});
  expect_module_gradcheck(layer, input({2, 2, 5, 6}, 4), true);
}

TEST(ModuleGradcheck, Pools) {
  // Random inputs have no ties, so every window has one maximum and the max is differentiable.
  MaxPool2d max_pool(3, {.stride = 2, .padding = 1});
  AvgPool2d avg_pool(3, {.stride = 2, .padding = 1});
  expect_module_gradcheck(max_pool, input({2, 2, 5, 5}, 5));
  expect_module_gradcheck(avg_pool, input({2, 2, 5, 5}, 6), true);
}

TEST(ModuleGradcheck, Activations) {
  ReLU relu;
  Sigmoid sigmoid;
  Tanh tanh;
  Flatten flatten;
  expect_module_gradcheck(relu, input({3, 4}, 7));
  expect_module_gradcheck(sigmoid, input({3, 4}, 8), true);
  expect_module_gradcheck(tanh, input({3, 4}, 9), true);
  expect_module_gradcheck(flatten, input({2, 3, 2}, 10));
}

TEST(ModuleGradcheck, BatchNormInTrainMode) {
  // Train mode differentiates through the batch mean and variance as well.
  BatchNorm1d bn1(3);
  BatchNorm2d bn2(2);
  expect_module_gradcheck(bn1, input({6, 3}, 11), true);
  expect_module_gradcheck(bn2, input({3, 2, 3, 3}, 12), true);
}

TEST(ModuleGradcheck, BatchNormInEvalMode) {
  BatchNorm2d bn(2);
  bn.to(DType::f64);
  (void)bn(input({4, 2, 3, 3}, 13));  // non-trivial running statistics
  bn.eval();
  expect_module_gradcheck(bn, input({2, 2, 3, 3}, 14), true);
}

// Dropout draws a new mask per call; resetting its generator before each call fixes the mask.
class FixedMaskDropout : public Module {
 public:
  explicit FixedMaskDropout(double p) : gen_(std::make_shared<Generator>(42)), dropout_(p, gen_) {}
  Tensor forward(const Tensor& x) override {
    gen_->set_state(Generator(42).state());
    return dropout_(x);
  }
  std::string describe() const override { return "fixed-mask " + dropout_.describe(); }

 private:
  std::shared_ptr<Generator> gen_;
  Dropout dropout_;
};

TEST(ModuleGradcheck, DropoutWithAFixedMask) {
  FixedMaskDropout dropout(0.4);
  expect_module_gradcheck(dropout, input({4, 5}, 15), true);
}

// Residual blocks with each kind of shortcut, batch norm, grouped and dilated convs, and global pooling.
TEST(ModuleGradcheck, ResidualNetworkBuiltFromASpec) {
  Generator gen(18);
  const auto model = build_model("conv(4,3,pad=1,bias=0)-bn-relu-res(conv(4,3,pad=2,dilation=2,groups=2)-bn)-relu-"
                                 "res(conv(6,3,stride=2,pad=1)-tanh)-res(conv(6,1)|conv(6,1,groups=3))-gap-linear(3)",
                                 {2, 5, 5}, 3, gen, nullptr);
  expect_module_gradcheck(*model, input({3, 2, 5, 5}, 19));
}

TEST(ModuleGradcheck, ConvnetBuiltFromASpec) {
  Generator gen(16);
  const auto model = build_model("conv(2,3,pad=1)-tanh-maxpool(2)-batchnorm-flatten-linear(3)", {1, 4, 4}, 3, gen,
                                 nullptr);
  expect_module_gradcheck(*model, input({2, 1, 4, 4}, 17));
}

}  // namespace
}  // namespace nabla::nn
