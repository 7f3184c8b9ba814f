// The lecture's neuron (Example II): w1 = −1, x1 = 2, q = −1, y = +1, α = 1.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/autograd/neuron_graph.h>

namespace nabla {
namespace {

double sigma(double v) { return 1 / (1 + std::exp(-v)); }

TEST(NeuronGraph, LectureExampleTwo) {
  // w = (−1, 1), x = (2, 1): z = (−2, 1), q = −1.
  const NeuronTrace t = run_neuron({.weights = {-1, 1}, .input = {2, 1}, .label = 1.0, .lr = 1});
  EXPECT_DOUBLE_EQ(t.q, -1);
  EXPECT_DOUBLE_EQ(t.p, sigma(-1));
  EXPECT_NEAR(t.local.dL_dp, -1 / sigma(-1), 1e-12);  // ≈ −3.7 on the slide
  EXPECT_NEAR(t.local.dp_dv, sigma(-1) * (1 - sigma(-1)), 1e-12);  // ≈ 0.2
  EXPECT_DOUBLE_EQ(t.local.dv_dq, 1);
  EXPECT_DOUBLE_EQ(t.local.dq_dz[0], 1);
  EXPECT_DOUBLE_EQ(t.local.dz_dw[0], 2);
  // ∂L/∂w1 = −2(1 − σ(−1)) ≈ −1.462 (the slide's rounded factors give −1.48), w1 → ≈ 0.462.
  EXPECT_NEAR(t.grad_weights[0], -2 * (1 - sigma(-1)), 1e-12);
  EXPECT_NEAR(t.grad_weights[0], -1.462, 5e-4);
  EXPECT_NEAR(t.updated_weights[0], 0.462, 5e-4);
  // The chain rule of the local gradients gives the engine's answer.
  EXPECT_NEAR(t.local.dL_dp * t.local.dp_dv * t.local.dv_dq * t.local.dq_dz[0] * t.local.dz_dw[0], t.grad_weights[0], 1e-12);
}

TEST(NeuronGraph, ExampleOneClassifiesWithoutALabel) {
  const NeuronTrace t = run_neuron({.weights = {2, -1}, .bias = 0.5, .input = {1, 3}});
  EXPECT_DOUBLE_EQ(t.q, -0.5);
  EXPECT_EQ(t.predicted_label, -1);
  EXPECT_DOUBLE_EQ(t.score_probability, sigma(-0.5));
  EXPECT_TRUE(t.grad_weights.empty());
}

TEST(NeuronGraph, RejectsBadInput) {
  EXPECT_THROW((void)run_neuron({.weights = {1, 2}, .input = {1}}), std::invalid_argument);
  EXPECT_THROW((void)run_neuron({.weights = {1}, .input = {1}, .label = 0.5}), std::invalid_argument);
}

}  // namespace
}  // namespace nabla
