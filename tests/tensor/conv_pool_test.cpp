// Convolution and pooling kernels against direct loops; backward kernels against their adjoint identity.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include <nabla/tensor/kernels.h>
#include <nabla/tensor/random.h>

namespace nabla {
namespace {

using namespace kernels;

double direct_conv(const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dGeometry& g, int64_t n, int64_t o,
                   int64_t y, int64_t xo) {
  double s = b.defined() ? b.at({o}) : 0.0;
  for (int64_t c = 0; c < x.shape()[1]; ++c)
    for (int64_t i = 0; i < w.shape()[2]; ++i)
      for (int64_t j = 0; j < w.shape()[3]; ++j) {
        const int64_t iy = y * g.stride.h - g.padding.h + i, ix = xo * g.stride.w - g.padding.w + j;
        if (iy >= 0 && iy < x.shape()[2] && ix >= 0 && ix < x.shape()[3]) s += x.at({n, c, iy, ix}) * w.at({o, c, i, j});
      }
  return s;
}

TEST(Conv2d, MatchesDirectConvolution) {
  Generator gen(1);
  const Tensor x = randn({3, 2, 7, 6}, gen, 0, 1, DType::f64), w = randn({4, 2, 3, 2}, gen, 0, 1, DType::f64);
  const Tensor b = randn({4}, gen, 0, 1, DType::f64);
  for (const Conv2dGeometry& g : {Conv2dGeometry{}, Conv2dGeometry{.stride = {2, 1}, .padding = {1, 2}}}) {
    const Tensor out = conv2d(x, w, b, g);
    for (int64_t n = 0; n < out.shape()[0]; ++n)
      for (int64_t o = 0; o < out.shape()[1]; ++o)
        for (int64_t y = 0; y < out.shape()[2]; ++y)
          for (int64_t xo = 0; xo < out.shape()[3]; ++xo)
            EXPECT_NEAR(out.at({n, o, y, xo}), direct_conv(x, w, b, g, n, o, y, xo), 1e-12);
  }
}

double dot(const Tensor& a, const Tensor& b) {
  const auto va = a.to_vector<double>(), vb = b.to_vector<double>();
  double s = 0;
  for (std::size_t i = 0; i < va.size(); ++i) s += va[i] * vb[i];
  return s;
}

TEST(Conv2d, BackwardKernelsAreAdjoints) {
  // ⟨conv(x, w), g⟩ = ⟨x, backward_input(g, w)⟩ = ⟨w, backward_weight(g, x)⟩, for a weight gradient through
  // the GEMM (27 columns) and through the few-columns loop (9 and 4 columns, output planes of 180 and 25
  // elements, so with remainders after the vector lanes).
  Generator gen(2);
  struct Case {
    Shape x, w;
    Conv2dGeometry geo;
  };
  for (const Case& c : {Case{{5, 3, 8, 7}, {2, 3, 3, 3}, {.stride = 2, .padding = {1, 0}}},
                        Case{{4, 1, 9, 20}, {3, 1, 3, 3}, {.padding = 1}},
                        Case{{2, 1, 6, 6}, {5, 1, 2, 2}, {}}}) {
    const Tensor x = randn(c.x, gen, 0, 1, DType::f64), w = randn(c.w, gen, 0, 1, DType::f64);
    const Tensor out = conv2d(x, w, Tensor(), c.geo);
    const Tensor g = randn(out.shape(), gen, 0, 1, DType::f64);
    const double lhs = dot(out, g);
    EXPECT_NEAR(dot(x, conv2d_backward_input(g, w, x.shape(), c.geo)), lhs, 1e-9) << shape_str(c.w);
    EXPECT_NEAR(dot(w, conv2d_backward_weight(g, x, w.shape(), c.geo)), lhs, 1e-9) << shape_str(c.w);
  }
}

// Whether G can be written as a flat positional list of four numbers.
template <class G>
concept FlatFourNumbers = requires { G{2, 1, 1, 2}; };

TEST(Conv2d, GeometryIsWrittenWithNamedFields) {
  // Conv2dGeometry{2, 1, 1, 2} once meant stride (2, 1) and padding (1, 2) by field order; it must not compile.
  static_assert(!FlatFourNumbers<Conv2dGeometry>);
  static_assert(!FlatFourNumbers<Pool2dGeometry>);
  const Conv2dGeometry named{.stride = 2, .padding = {1, 0}};
  EXPECT_EQ(named.stride, (Size2{2, 2}));
  EXPECT_EQ(named.padding, (Size2{1, 0}));
  // Two numbers follow PyTorch's order: stride, then padding.
  const Conv2dGeometry two{2, 1};
  EXPECT_EQ(two.stride, Size2(2));
  EXPECT_EQ(two.padding, Size2(1));
  const Pool2dGeometry pool{.kernel = 3};
  EXPECT_EQ(pool.stride, Size2(2));
  EXPECT_EQ(pool.padding, Size2(0));
}

TEST(Conv2d, ShapeErrorsNameBothShapes) {
  try {
    (void)conv2d(Tensor::zeros({1, 3, 8, 8}), Tensor::zeros({4, 2, 3, 3}), Tensor(), {});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "conv2d: input [1, 3, 8, 8] has 3 channels but weight [4, 2, 3, 3] expects 2");
  }
}

TEST(Pooling, MaxAndAverageOnAKnownPlane) {
  const Tensor x = Tensor::from_list({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, {1, 1, 4, 4});
  auto [mx, idx] = max_pool2d(x, {});
  EXPECT_EQ(mx.to_vector<float>(), (std::vector<float>{6, 8, 14, 16}));
  EXPECT_EQ(idx.to_vector<int64_t>(), (std::vector<int64_t>{5, 7, 13, 15}));
  EXPECT_EQ(avg_pool2d(x, {}).to_vector<float>(), (std::vector<float>{3.5, 5.5, 11.5, 13.5}));
  const Tensor g = Tensor::ones({1, 1, 2, 2});
  const auto back = max_pool2d_backward(g, idx, x.shape()).to_vector<float>();
  EXPECT_EQ(back[5] + back[7] + back[13] + back[15], 4);
  EXPECT_EQ(back[0], 0);
  EXPECT_EQ(max_pool2d_gather(x, idx).to_vector<float>(), (std::vector<float>{6, 8, 14, 16}));
}

// Max and first-best index of each window, scanning it row by row: a later element wins when greater or NaN.
std::pair<double, int64_t> direct_max(const Tensor& x, const Pool2dGeometry& g, int64_t n, int64_t c, int64_t y,
                                      int64_t xo) {
  double best = 0;
  int64_t arg = -1;
  for (int64_t i = 0; i < g.kernel.h; ++i)
    for (int64_t j = 0; j < g.kernel.w; ++j) {
      const int64_t iy = y * g.stride.h - g.padding.h + i, ix = xo * g.stride.w - g.padding.w + j;
      if (iy < 0 || iy >= x.shape()[2] || ix < 0 || ix >= x.shape()[3]) continue;
      const double v = x.at({n, c, iy, ix});
      if (arg < 0 || v > best || std::isnan(v)) {
        best = v;
        arg = iy * x.shape()[3] + ix;
      }
    }
  return {best, arg};
}

// Every path of max pooling and its backward pass (the vectorised 2×2 ones for float32, the tiled and the
// general loops) on widths giving short rows, rows longer than one 16-lane step and odd remainders, with
// NaNs sprinkled in.
TEST(Pooling, MaxMatchesDirectWindowsIncludingNaN) {
  Generator gen(4);
  const std::vector<Pool2dGeometry> geometries{
      {}, {.kernel = 3, .stride = 3},
      {.kernel = {3, 2}, .stride = {2, 1}, .padding = 1}};
  for (const DType dt : {DType::f32, DType::f64})
    for (const Shape& shape : {Shape{2, 3, 4, 4}, Shape{1, 2, 14, 14}, Shape{2, 1, 28, 28}, Shape{1, 2, 7, 66},
                               Shape{1, 1, 9, 35}})
      for (const Pool2dGeometry& g : geometries) {
        std::vector<double> values = randn(shape, gen, 0, 1, DType::f64).to_vector<double>();
        for (std::size_t i = 0; i < values.size(); i += 17) values[i] = std::numeric_limits<double>::quiet_NaN();
        const Tensor x = Tensor::from_vector(values, shape).to(dt);
        auto [out, idx] = max_pool2d(x, g);
        // The backward pass scatters a gradient to the winners; built here by hand from the direct winners.
        const Tensor grad = randn(out.shape(), gen, 0, 1, dt);
        std::vector<double> expected_dx(values.size(), 0.0);
        const int64_t plane = shape[2] * shape[3];
        for (int64_t n = 0; n < out.shape()[0]; ++n)
          for (int64_t c = 0; c < out.shape()[1]; ++c)
            for (int64_t y = 0; y < out.shape()[2]; ++y)
              for (int64_t xo = 0; xo < out.shape()[3]; ++xo) {
                const auto [best, arg] = direct_max(x, g, n, c, y, xo);
                const double got = out.at({n, c, y, xo});
                ASSERT_TRUE(std::isnan(best) ? std::isnan(got) : got == best)
                    << shape_str(shape) << " kernel " << g.kernel.h << "x" << g.kernel.w << " at " << y << "," << xo;
                ASSERT_EQ(idx.at({n, c, y, xo}), arg) << shape_str(shape) << " at " << y << "," << xo;
                expected_dx[(n * shape[1] + c) * plane + arg] += grad.at({n, c, y, xo});
              }
        // Freed NaNs that the backward pass's fresh output is likely to reuse: an element it fails to write shows.
        (void)Tensor::empty(shape, dt).fill_(std::numeric_limits<double>::quiet_NaN());
        const std::vector<double> dx = max_pool2d_backward(grad, idx, shape).to(DType::f64).to_vector<double>();
        for (std::size_t i = 0; i < dx.size(); ++i)
          ASSERT_NEAR(dx[i], expected_dx[i], dt == DType::f32 ? 1e-6 : 1e-12) << shape_str(shape) << " at " << i;
      }
}

TEST(Pooling, AverageBackwardIsTheAdjoint) {
  Generator gen(3);
  const Pool2dGeometry geo{.kernel = 3, .stride = 2, .padding = 1};
  const Tensor x = randn({2, 3, 7, 6}, gen, 0, 1, DType::f64);
  const Tensor out = avg_pool2d(x, geo);
  const Tensor g = randn(out.shape(), gen, 0, 1, DType::f64);
  EXPECT_NEAR(dot(x, avg_pool2d_backward(g, x.shape(), geo)), dot(out, g), 1e-10);
}

}  // namespace
}  // namespace nabla
