// The fused batch-norm op: finite-difference gradients (first and second order), its values and gradients
// against the same formula composed from elementwise ops, and the ReLU fused into it against relu after it.
#include <gtest/gtest.h>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/grad_node.h>
#include <nabla/autograd/gradcheck.h>
#include <nabla/autograd/ops.h>
#include <nabla/tensor/random.h>

namespace nabla {
namespace {

Tensor input(const Shape& shape, uint64_t seed, DType dtype = DType::f64) {
  Generator gen(seed);
  return rand(shape, gen, -1, 1, dtype).set_requires_grad();
}

using V = const std::vector<Tensor>&;

void expect_ok(const GradcheckResult& r) { EXPECT_TRUE(r.ok) << "max error " << r.max_error << "\n" << r.report; }

TEST(BatchNormOp, Gradcheck) {
  // An offset of 3 in x: a gradient that ignored the mean's dependence on x would be off by Σg/M.
  const Tensor x = (input({3, 2, 3, 4}, 1) + 3.0).detach().set_requires_grad();
  const Tensor w = input({2}, 2), b = input({2}, 3);
  expect_ok(gradcheck([](V v) { return batch_norm_train(v[0], v[1], v[2], 1e-5).y; }, {x, w, b}));
  expect_ok(gradcheck([](V v) { return batch_norm_train(v[0], Tensor(), Tensor(), 1e-5).y; }, {x}));
  expect_ok(gradcheck([](V v) { return batch_norm_train(v[0], v[1], v[2], 1e-3).y; }, {input({5, 3}, 4), input({3}, 5), input({3}, 6)}));
  expect_ok(gradcheck([](V v) { return batch_norm_train(v[0], v[1], Tensor(), 1e-5).y; }, {input({4, 3, 5}, 7), input({3}, 8)}));
}

TEST(BatchNormOp, Gradgradcheck) {
  const GradcheckOptions tol{.atol = 1e-5, .rtol = 1e-4};
  expect_ok(gradgradcheck([](V v) { return batch_norm_train(v[0], v[1], v[2], 1e-5).y; },
                          {input({3, 2, 2, 3}, 9), input({2}, 10), input({2}, 11)}, tol));
}

// The composed formula the op replaced (PyTorch's batch_norm in train mode).
Tensor composed(const Tensor& x, const Tensor& w, const Tensor& b, double eps) {
  const Tensor centred = x - mean(x, {0, 2, 3}, true);
  const Tensor inv_std = 1.0 / sqrt(mean(centred * centred, {0, 2, 3}, true) + eps);
  return centred * inv_std * reshape(w, {1, -1, 1, 1}) + reshape(b, {1, -1, 1, 1});
}

TEST(BatchNormOp, Float32MatchesTheComposedFormula) {
  // Big enough planes that the kernels' row sums take their vector path and threads split the channels.
  const Tensor x = input({16, 8, 14, 14}, 12, DType::f32), w = input({8}, 13, DType::f32), b = input({8}, 14, DType::f32);
  const Tensor g = input({16, 8, 14, 14}, 15, DType::f32).detach();
  const BatchNormResult fused = batch_norm_train(x, w, b, 1e-5);
  const std::vector<Tensor> want = grad(composed(x, w, b, 1e-5), {x, w, b}, g);
  const std::vector<Tensor> got = grad(fused.y, {x, w, b}, g);
  const double tol = 1e-4;  // float32 sums of 3136 values per channel, in another order
  EXPECT_LE(max(abs(fused.y - composed(x, w, b, 1e-5))).item(), tol);
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_LE(max(abs(got[i] - want[i])).item(), tol * (i == 0 ? 1 : 100)) << "input " << i;
  EXPECT_LE(max(abs(fused.mean - reshape(mean(x, {0, 2, 3}), {8}))).item(), 1e-6);
}

TEST(BatchNormReluOp, GradcheckFirstAndSecondOrder) {
  // x spread over [-1, 1] per channel: about half the outputs are cut, none within the step of 0.
  const Tensor x = input({3, 2, 3, 4}, 16), w = input({2}, 17), b = input({2}, 18);
  expect_ok(gradcheck([](V v) { return batch_norm_train(v[0], v[1], v[2], 1e-5, true).y; }, {x, w, b}));
  expect_ok(gradcheck([](V v) { return batch_norm_train(v[0], Tensor(), Tensor(), 1e-5, true).y; }, {x}));
  expect_ok(gradgradcheck([](V v) { return batch_norm_train(v[0], v[1], v[2], 1e-5, true).y; }, {x, w, b},
                          {.atol = 1e-5, .rtol = 1e-4}));
}

TEST(BatchNormReluOp, Float32EqualsReluAfterTheOpBitForBit) {
  // The fused ReLU's mask is recomputed from x; it must cut exactly where relu(y) cuts, so values and all
  // three gradients are the same floats.
  const Tensor x = input({16, 8, 14, 14}, 19, DType::f32), w = input({8}, 20, DType::f32), b = input({8}, 21, DType::f32);
  const Tensor g = input({16, 8, 14, 14}, 22, DType::f32).detach();
  const Tensor fused = batch_norm_train(x, w, b, 1e-5, true).y;
  const Tensor apart = relu(batch_norm_train(x, w, b, 1e-5).y);
  EXPECT_EQ(fused.to_vector<float>(), apart.to_vector<float>());
  const std::vector<Tensor> got = grad(fused, {x, w, b}, g), want = grad(apart, {x, w, b}, g);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(got[i].to_vector<float>(), want[i].to_vector<float>()) << "input " << i;
  EXPECT_GT(sum(eq(fused, Tensor::scalar(0))).item(), 0.3 * static_cast<double>(fused.numel()));
}

}  // namespace
}  // namespace nabla
