// float32 convolutions (oneDNN where conv.cpp dispatches there, im2col elsewhere) against float64 im2col,
// at 1 and 2 threads, bit-identical when repeated, and both gradients at once equal to the separate kernels.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <nabla/tensor/kernels.h>
#include <nabla/tensor/memory_format.h>
#include <nabla/tensor/random.h>
#include <nabla/tensor/threads.h>

namespace nabla {
namespace {

using namespace kernels;

struct ConvCase {
  std::string name;
  Shape x, w;
  Conv2dGeometry g;
  bool bias;
};

const Conv2dGeometry kPad1{.padding = 1};

// Input channels 1 and 3 stay on im2col; 16 and more go to oneDNN (see conv.cpp).
const std::vector<ConvCase> kCases = {
    {"convnet layer 1", {64, 1, 28, 28}, {32, 1, 3, 3}, kPad1, true},
    {"convnet layer 2", {64, 32, 14, 14}, {64, 32, 3, 3}, kPad1, true},
    {"batch 1, 10 outputs, odd sizes", {1, 32, 9, 11}, {10, 32, 3, 3}, kPad1, false},
    {"3 channels, stride 2", {64, 3, 15, 17}, {16, 3, 3, 3}, {.stride = 2, .padding = 1},
     true},
    {"3x5 kernel, padding 2", {8, 32, 13, 9}, {10, 32, 3, 5}, {.padding = 2}, true},
    {"stride 2, no padding", {4, 32, 15, 15}, {24, 32, 3, 3}, {.stride = 2}, false},
    {"mixed strides and paddings", {2, 16, 10, 8}, {12, 16, 5, 3}, {.stride = {2, 1}, .padding = {2, 0}}, true},
    {"1x1 kernel", {16, 48, 7, 7}, {20, 48, 1, 1}, {}, true},
    {"64 channels, stride 2", {64, 64, 7, 7}, {10, 64, 3, 3}, {.stride = 2, .padding = 1},
     false},
};

// The three kernels' results for one case.
struct ConvResults {
  Tensor out, dx, dw;
};

struct ConvInputs {
  Tensor x, w, b, grad_out;
};

ConvInputs make_inputs(const ConvCase& c) {
  Generator gen(7);
  ConvInputs in{randn(c.x, gen), randn(c.w, gen), c.bias ? randn({c.w[0]}, gen) : Tensor(), Tensor()};
  in.grad_out = randn(conv2d(in.x, in.w, Tensor(), c.g).shape(), gen);
  return in;
}

ConvResults run_all(const ConvInputs& in, const ConvCase& c, DType dtype) {
  const Tensor x = in.x.to(dtype), w = in.w.to(dtype), g = in.grad_out.to(dtype);
  return {conv2d(x, w, in.b.defined() ? in.b.to(dtype) : Tensor(), c.g), conv2d_backward_input(g, w, c.x, c.g),
          conv2d_backward_weight(g, x, c.w, c.g)};
}

// max |actual - expected| / max |expected|: the error relative to the output's scale, since a float32 sum of
// many products of either sign has an absolute error that follows the size of its terms, not of the sum.
// Fails naming the element with the largest difference, expected beside actual.
void expect_close(const Tensor& actual, const Tensor& expected, double tolerance, const std::string& what) {
  ASSERT_EQ(actual.shape(), expected.shape()) << what;
  const auto a = actual.to_vector<double>(), e = expected.to_vector<double>();
  double scale = 0, worst = 0;
  std::size_t at = 0;
  for (std::size_t i = 0; i < e.size(); ++i) {
    scale = std::max(scale, std::abs(e[i]));
    if (std::abs(a[i] - e[i]) > worst) worst = std::abs(a[i] - e[i]), at = i;
  }
  EXPECT_LE(worst, tolerance * scale) << what << ": element " << at << " expected " << e[at] << " actual " << a[at]
                                      << ", largest |expected| " << scale;
}

// Relative to the output's scale. The largest seen is 3.4e-6, on layer 2's weight gradient, whose every
// element sums 64·14·14 = 12544 float32 products; the rest stay below 1.1e-6.
constexpr double kRelTolerance = 1e-5;

void expect_matches_float64(int threads) {
  const int saved = num_threads();
  set_num_threads(threads);
  for (const ConvCase& c : kCases) {
    const ConvInputs in = make_inputs(c);
    const ConvResults f32 = run_all(in, c, DType::f32), f64 = run_all(in, c, DType::f64);
    const std::string what = c.name + " at " + std::to_string(threads) + " threads";
    EXPECT_EQ(f32.out.dtype(), DType::f32) << what;
    expect_close(f32.out, f64.out, kRelTolerance, what + ", forward");
    expect_close(f32.dx, f64.dx, kRelTolerance, what + ", backward input");
    expect_close(f32.dw, f64.dw, kRelTolerance, what + ", backward weight");
  }
  set_num_threads(saved);
}

TEST(Conv2dFloat32, MatchesFloat64AtOneThread) { expect_matches_float64(1); }
TEST(Conv2dFloat32, MatchesFloat64AtTwoThreads) { expect_matches_float64(2); }

bool bit_identical(const Tensor& a, const Tensor& b) {
  const auto va = a.to_vector<float>(), vb = b.to_vector<float>();
  return va.size() == vb.size() && std::memcmp(va.data(), vb.data(), va.size() * sizeof(float)) == 0;
}

TEST(Conv2dFloat32, RepeatedCallsAreBitIdentical) {
  // Training promises the same weights for the same seed and thread count, so no kernel may depend on
  // scheduling; oneDNN's thread split is fixed when its primitive is created. Going back to a thread
  // count must give its earlier results again.
  const int saved = num_threads();
  std::map<int, std::vector<ConvResults>> first;
  for (const int threads : {1, 1, 2, 2, 1}) {
    set_num_threads(threads);
    for (std::size_t i = 0; i < kCases.size(); ++i) {
      const ConvCase& c = kCases[i];
      const ConvResults r = run_all(make_inputs(c), c, DType::f32);
      if (first[threads].size() == i) {
        first[threads].push_back(r);
        continue;
      }
      const ConvResults& f = first[threads][i];
      const std::string what = c.name + " at " + std::to_string(threads) + " threads";
      EXPECT_TRUE(bit_identical(r.out, f.out)) << what << ", forward";
      EXPECT_TRUE(bit_identical(r.dx, f.dx)) << what << ", backward input";
      EXPECT_TRUE(bit_identical(r.dw, f.dw)) << what << ", backward weight";
    }
  }
  set_num_threads(saved);
}

TEST(Conv2dFloat32, CachedPrimitivesRunOnAnyThread) {
  // oneDNN's primitives are cached for the whole process: one built on this thread must give the same
  // bits on another (set to the same thread count, which a new thread does not inherit).
  const ConvCase& c = kCases[1];
  const ConvInputs in = make_inputs(c);
  const int threads = num_threads();
  const ConvResults here = run_all(in, c, DType::f32);
  ConvResults there;
  std::thread([&] {
    set_num_threads(threads);
    there = run_all(in, c, DType::f32);
  }).join();
  EXPECT_TRUE(bit_identical(there.out, here.out)) << "forward";
  EXPECT_TRUE(bit_identical(there.dx, here.dx)) << "backward input";
  EXPECT_TRUE(bit_identical(there.dw, here.dw)) << "backward weight";
}

TEST(Conv2dFloat32, BothGradientsAtOnceEqualTheSeparateKernels) {
  // conv2d_backward reorders grad_out once for both oneDNN primitives (im2col cases run the two kernels);
  // what it returns must be what the two separate calls give, bit for bit.
  for (const ConvCase& c : kCases) {
    const ConvInputs in = make_inputs(c);
    const ConvResults separate = run_all(in, c, DType::f32);
    const auto [dx, dw] = conv2d_backward(in.grad_out, in.x, in.w, c.g);
    EXPECT_TRUE(bit_identical(dx, separate.dx)) << c.name << ", backward input";
    EXPECT_TRUE(bit_identical(dw, separate.dw)) << c.name << ", backward weight";
  }
}

TEST(Conv2dFloat32, ChannelsLastMatchesFloat64AndKeepsItsLayout) {
  // The geometry's channels_last writes the output and the input's gradient channels-last: oneDNN reads and
  // writes NHWC directly, im2col converts. The values are those of the plain layout, and channels-last
  // inputs and gradients give the same results as plain ones (each kernel converts what it is handed).
  for (ConvCase c : kCases) {
    c.g.channels_last = true;
    const ConvInputs in = make_inputs(c);
    const ConvResults f64 = run_all(in, c, DType::f64);
    ConvCase plain = c;
    plain.g.channels_last = false;
    const ConvInputs cl_in{to_channels_last(in.x), in.w, in.b, to_channels_last(in.grad_out)};
    for (const auto& [inputs, geometry, what] :
         {std::tuple{in, c, "plain inputs"}, std::tuple{cl_in, c, "channels-last inputs"},
          std::tuple{cl_in, plain, "channels-last inputs, no hint"}}) {
      const std::string name = c.name + ", " + what;
      const Conv2dGeometry& g = geometry.g;
      const ConvResults f32{conv2d(inputs.x, inputs.w, inputs.b, g),
                            conv2d_backward_input(inputs.grad_out, inputs.w, c.x, g),
                            conv2d_backward_weight(inputs.grad_out, inputs.x, c.w, g)};
      const bool wanted = g.channels_last || is_channels_last(inputs.x);
      EXPECT_EQ(is_channels_last(f32.out), wanted && f32.out.size(1) > 1 && f32.out.size(2) * f32.out.size(3) > 1)
          << name;
      EXPECT_EQ(is_channels_last(f32.dx), wanted && c.x[1] > 1 && c.x[2] * c.x[3] > 1) << name;
      expect_close(f32.out, f64.out, kRelTolerance, name + ", forward");
      expect_close(f32.dx, f64.dx, kRelTolerance, name + ", backward input");
      expect_close(f32.dw, f64.dw, kRelTolerance, name + ", backward weight");
      const auto [dx, dw] = conv2d_backward(inputs.grad_out, inputs.x, inputs.w, g);
      EXPECT_TRUE(bit_identical(dx, f32.dx)) << name << ", both gradients: input";
      EXPECT_TRUE(bit_identical(dw, f32.dw)) << name << ", both gradients: weight";
    }
  }
}

}  // namespace
}  // namespace nabla
