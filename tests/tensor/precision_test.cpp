// The compute precision: its per-thread guard, and bf16 convolutions and matrix products against float64,
// within bfloat16's rounding, where the CPU has bfloat16 instructions; elsewhere a clear refusal.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <nabla/tensor/kernels.h>
#include <nabla/tensor/memory_format.h>
#include <nabla/tensor/precision.h>
#include <nabla/tensor/random.h>

namespace nabla {
namespace {

using namespace kernels;

// max |actual - expected| / max |expected|.
double relative_error(const Tensor& actual, const Tensor& expected) {
  EXPECT_EQ(actual.shape(), expected.shape());
  const auto a = actual.to_vector<double>(), e = expected.to_vector<double>();
  double scale = 0, worst = 0;
  for (std::size_t i = 0; i < e.size(); ++i) {
    scale = std::max(scale, std::abs(e[i]));
    worst = std::max(worst, std::abs(a[i] - e[i]));
  }
  return worst / scale;
}

// bfloat16 keeps 8 significant bits: each operand is rounded by up to 2^-9 of itself, so a product's
// relative error is up to about 2^-8 = 3.9e-3, and sums of products of either sign lose more against
// the largest output. float32 stays below 1e-5 on the same problems (conv_dnnl_test.cpp); bf16 must land
// between: above 1e-4 (its operands really were rounded) and below 2e-2.
constexpr double kBf16Tolerance = 2e-2, kBf16Floor = 1e-4;

TEST(Precision, NamesAndParsing) {
  EXPECT_STREQ(precision_name(Precision::f32), "f32");
  EXPECT_STREQ(precision_name(Precision::bf16), "bf16");
  EXPECT_EQ(parse_precision("bf16"), Precision::bf16);
  EXPECT_EQ(parse_precision("f32"), Precision::f32);
  try {
    (void)parse_precision("fp16");
    FAIL() << "fp16 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("f32, bf16, not \"fp16\""), std::string::npos) << e.what();
  }
}

TEST(Precision, GuardSetsTheCallingThreadOnlyAndRestores) {
  EXPECT_EQ(compute_precision(), Precision::f32);
  if (!cpu_has_bf16()) {
    try {
      const PrecisionGuard guard(Precision::bf16);
      FAIL() << "bf16 accepted on a CPU without bfloat16 instructions";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("no bfloat16 instructions"), std::string::npos) << e.what();
    }
    EXPECT_EQ(compute_precision(), Precision::f32);
    return;
  }
  {
    const PrecisionGuard outer(Precision::bf16);
    EXPECT_EQ(compute_precision(), Precision::bf16);
    Precision elsewhere = Precision::bf16;
    std::thread([&] { elsewhere = compute_precision(); }).join();
    EXPECT_EQ(elsewhere, Precision::f32);
    {
      const PrecisionGuard inner(Precision::f32);
      EXPECT_EQ(compute_precision(), Precision::f32);
    }
    EXPECT_EQ(compute_precision(), Precision::bf16);
  }
  EXPECT_EQ(compute_precision(), Precision::f32);
}

struct ConvCase {
  std::string name;
  Shape x, w;
  Conv2dGeometry g;
};

// Geometries of the ConvNet and ResNet-20 that go through oneDNN.
const std::vector<ConvCase> kConvCases = {
    {"convnet layer 2", {64, 32, 14, 14}, {64, 32, 3, 3}, {.padding = 1}},
    {"resnet stage 1", {32, 16, 28, 28}, {16, 16, 3, 3}, {.padding = 1}},
    {"resnet stride 2", {32, 16, 28, 28}, {32, 16, 3, 3}, {.stride = 2, .padding = 1}},
};

TEST(Precision, Bf16ConvolutionsMatchFloat64WithinBfloat16Rounding) {
  if (!cpu_has_bf16()) GTEST_SKIP() << "this CPU has no bfloat16 instructions (the guard's refusal is tested above)";
  // Plain NCHW activations, then channels-last ones (NHWC operands converted to bfloat16 as they lie).
  for (const bool channels_last : {false, true})
    for (ConvCase c : kConvCases) {
      c.g.channels_last = channels_last;
      c.name += channels_last ? ", channels-last" : "";
      Generator gen(3);
      const Tensor x = randn(c.x, gen), w = randn(c.w, gen), b = randn({c.w[0]}, gen);
      const Tensor g = randn(conv2d(x, w, Tensor(), c.g).shape(), gen);
      const Tensor x64 = x.to(DType::f64), w64 = w.to(DType::f64), g64 = g.to(DType::f64);
      const Tensor out64 = conv2d(x64, w64, b.to(DType::f64), c.g);
      const auto grads64 = conv2d_backward(g64, x64, w64, c.g);
      const PrecisionGuard guard(Precision::bf16);
      const Tensor out = conv2d(x, w, b, c.g);
      const auto grads = conv2d_backward(g, x, w, c.g);
      EXPECT_EQ(out.dtype(), DType::f32);
      EXPECT_EQ(is_channels_last(out), channels_last) << c.name;
      EXPECT_EQ(is_channels_last(grads.first), channels_last) << c.name;
      for (const auto& [what, actual, expected] : {std::tuple{"forward", out, out64},
                                                   std::tuple{"backward input", grads.first, grads64.first},
                                                   std::tuple{"backward weight", grads.second, grads64.second}}) {
        const double err = relative_error(actual, expected);
        EXPECT_LE(err, kBf16Tolerance) << c.name << ", " << what;
        EXPECT_GE(err, kBf16Floor) << c.name << ", " << what << ": not rounded to bfloat16";
      }
      // The separate kernels agree with the pair.
      EXPECT_EQ(conv2d_backward_input(g, w, c.x, c.g).to_vector<float>(), grads.first.to_vector<float>()) << c.name;
      EXPECT_EQ(conv2d_backward_weight(g, x, c.w, c.g).to_vector<float>(), grads.second.to_vector<float>()) << c.name;
    }
}

TEST(Precision, Bf16MatrixProductsMatchFloat64WithinBfloat16Rounding) {
  if (!cpu_has_bf16()) GTEST_SKIP() << "this CPU has no bfloat16 instructions (the guard's refusal is tested above)";
  // A Linear layer 3136 -> 128 at batch 64: forward x·Wᵀ, and backward's g·W and gᵀ·x.
  Generator gen(5);
  const Tensor x = randn({64, 3136}, gen), w = randn({128, 3136}, gen), g = randn({64, 128}, gen);
  struct Product {
    const char* what;
    Tensor a, b;
    bool ta, tb;
  };
  for (const Product& p : {Product{"x Wt", x, w, false, true}, Product{"g W", g, w, false, false},
                           Product{"gt x", g, x, true, false}}) {
    const Tensor expected = matmul(p.a.to(DType::f64), p.b.to(DType::f64), p.ta, p.tb);
    const PrecisionGuard guard(Precision::bf16);
    const Tensor actual = matmul(p.a, p.b, p.ta, p.tb);
    EXPECT_EQ(actual.dtype(), DType::f32);
    const double err = relative_error(actual, expected);
    EXPECT_LE(err, kBf16Tolerance) << p.what;
    EXPECT_GE(err, kBf16Floor) << p.what << ": not rounded to bfloat16";
  }
}

TEST(Precision, Float64IgnoresBf16) {
  // Numerics checks run in float64 whatever the precision: bf16 rounds float32 kernels only.
  if (!cpu_has_bf16()) GTEST_SKIP() << "this CPU has no bfloat16 instructions";
  Generator gen(9);
  const Tensor a = randn({16, 40}, gen, 0, 1, DType::f64), b = randn({40, 8}, gen, 0, 1, DType::f64);
  const Tensor plain = matmul(a, b);
  const PrecisionGuard guard(Precision::bf16);
  EXPECT_EQ(matmul(a, b).to_vector<double>(), plain.to_vector<double>());
}

}  // namespace
}  // namespace nabla
