// Channels-last activations through the differentiable ops: a convolution that writes channels-last, batch
// norm with its fused ReLU, a residual add and ReLU give finite-difference gradients (float64: im2col and the
// channels-last batch-norm kernels), and in float32 (oneDNN on NHWC) the values and gradients of the plain
// layout.
#include <gtest/gtest.h>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/gradcheck.h>
#include <nabla/autograd/ops.h>
#include <nabla/tensor/memory_format.h>
#include <nabla/tensor/random.h>

namespace nabla {
namespace {

using V = const std::vector<Tensor>&;

Tensor input(const Shape& shape, uint64_t seed, DType dtype) {
  Generator gen(seed);
  return rand(shape, gen, -1, 1, dtype).set_requires_grad();
}

// conv → batch norm + ReLU → conv → batch norm, plus the block's input, then ReLU: a residual block.
Tensor block(V v, bool channels_last) {
  const Conv2dGeometry g{.padding = 1, .channels_last = channels_last};
  const Tensor h = batch_norm_train(conv2d(v[0], v[1], Tensor(), g), v[2], v[3], 1e-5, true).y;
  const Tensor y = batch_norm_train(conv2d(h, v[4], Tensor(), g), v[2], v[3], 1e-5).y;
  return relu(add(y, v[0]));
}

std::vector<Tensor> block_inputs(int64_t channels, int64_t batch, int64_t size, DType dtype) {
  return {input({batch, channels, size, size}, 1, dtype), input({channels, channels, 3, 3}, 2, dtype),
          input({channels}, 3, dtype), input({channels}, 4, dtype), input({channels, channels, 3, 3}, 5, dtype)};
}

TEST(ChannelsLast, ResidualBlockGradcheck) {
  const auto inputs = block_inputs(3, 2, 4, DType::f64);
  EXPECT_TRUE(is_channels_last(block(inputs, true)));
  const GradcheckResult r = gradcheck([](V v) { return block(v, true); }, inputs);
  EXPECT_TRUE(r.ok) << "max error " << r.max_error << "\n" << r.report;
}

TEST(ChannelsLast, Float32BlockMatchesThePlainLayout) {
  // 16 channels take oneDNN's NHWC path; batch norm runs its channels-last kernels over 4 chunks of rows.
  const auto inputs = block_inputs(16, 8, 12, DType::f32);
  const Tensor plain = block(inputs, false), cl = block(inputs, true);
  EXPECT_FALSE(is_channels_last(plain));
  EXPECT_TRUE(is_channels_last(cl));
  EXPECT_LE(max(abs(cl - plain)).item(), 1e-4);
  Generator gen(6);
  const Tensor g = randn(plain.shape(), gen);
  const std::vector<Tensor> want = grad(plain, inputs, g), got = grad(cl, inputs, g);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const double scale = max(abs(want[i])).item();
    EXPECT_LE(max(abs(got[i] - want[i])).item(), 1e-4 * scale) << "input " << i;
  }
}

// A residual shortcut without projection: x subsampled by a stride and padded with zero channels. From a
// channels-last x it is channels-last, so that its sum with the block's body stays in one layout, and so is
// x's gradient through it; the values and gradients are those of the plain layout.
Tensor padded_shortcut(const Tensor& x) {
  const Tensor sub = slice(slice(x, 2, 0, x.size(2), 2), 3, 0, x.size(3), 2);
  const auto zeros = [&](int64_t c) { return Tensor::zeros({sub.size(0), c, sub.size(2), sub.size(3)}, x.dtype()); };
  return cat({zeros(1), sub, zeros(2)}, 1);
}

TEST(ChannelsLast, ZeroPaddedShortcutKeepsTheLayoutForwardAndBackward) {
  const Tensor plain = input({2, 3, 5, 5}, 7, DType::f64);
  const Tensor cl = to_channels_last(plain).set_requires_grad();
  const Tensor y_plain = padded_shortcut(plain), y_cl = padded_shortcut(cl);
  EXPECT_FALSE(is_channels_last(y_plain));
  EXPECT_TRUE(is_channels_last(y_cl));
  EXPECT_EQ(y_cl.to_vector<double>(), y_plain.to_vector<double>());
  Generator gen(8);
  const Tensor g = randn(y_plain.shape(), gen, 0, 1, DType::f64);  // as the layers above pass it: channels-last
  const Tensor dx_plain = grad(y_plain, {plain}, g)[0], dx_cl = grad(y_cl, {cl}, to_channels_last(g))[0];
  EXPECT_TRUE(is_channels_last(dx_cl));
  EXPECT_EQ(dx_cl.to_vector<double>(), dx_plain.to_vector<double>());
}

}  // namespace
}  // namespace nabla
