// Finite-difference checks (float64) of every loss's gradient and gradient-of-gradient.
#include <gtest/gtest.h>

#include <nabla/autograd/gradcheck.h>
#include <nabla/autograd/ops.h>
#include <nabla/loss/bce_with_logits.h>
#include <nabla/loss/cross_entropy.h>
#include <nabla/loss/hinge.h>
#include <nabla/loss/l2_penalty.h>
#include <nabla/loss/logistic.h>
#include <nabla/loss/mse.h>
#include <nabla/tensor/random.h>

namespace nabla::loss {
namespace {

using V = const std::vector<Tensor>&;

Tensor input(const Shape& shape, uint64_t seed, double lo = -2, double hi = 2) {
  Generator gen(seed);
  return rand(shape, gen, lo, hi, DType::f64).set_requires_grad();
}

void expect_gradcheck(const TensorFunction& f, const std::vector<Tensor>& xs, bool second_order = true) {
  const GradcheckResult first = gradcheck(f, xs);
  EXPECT_TRUE(first.ok) << "max error " << first.max_error << "\n" << first.report;
  if (!second_order) return;
  const GradcheckResult second = gradgradcheck(f, xs);
  EXPECT_TRUE(second.ok) << "grad-of-grad max error " << second.max_error << "\n" << second.report;
}

const Tensor kSigns = Tensor::from_list({1, -1, -1, 1, 1, -1}, {6}, DType::f64);

TEST(LossGradcheck, CrossEntropyEveryReduction) {
  const Tensor labels = Tensor::from_vector(std::vector<int64_t>{2, 0, 1, 2, 3}, {5});
  for (Reduction r : {Reduction::mean, Reduction::sum, Reduction::none})
    expect_gradcheck([&](V x) { return cross_entropy(x[0], labels, r); }, {input({5, 4}, 1)});
}

TEST(LossGradcheck, CrossEntropyWithLabelSmoothing) {
  const Tensor labels = Tensor::from_vector(std::vector<int64_t>{2, 0, 1, 2, 3}, {5});
  for (double smoothing : {0.1, 1.0})
    expect_gradcheck([&](V x) { return cross_entropy(x[0], labels, Reduction::mean, smoothing); }, {input({5, 4}, 1)});
}

TEST(LossGradcheck, BceWithLogitsInLogitsAndTargets) {
  expect_gradcheck([](V x) { return bce_with_logits(x[0], x[1]); }, {input({6}, 2), input({6}, 3, 0, 1)});
}

TEST(LossGradcheck, LogisticOnOneOutputUnit) {
  // Scores (N, 1) from a single neuron against labels (N).
  expect_gradcheck([](V x) { return logistic(x[0], kSigns, Reduction::sum); }, {input({6, 1}, 4)});
}

TEST(LossGradcheck, HingeAwayFromTheKink) {
  // Margins y·s of these scores stay clear of 1, where the hinge has no derivative; its second
  // derivative is zero almost everywhere, so only the first order is checked.
  const Tensor s = Tensor::from_list({0.3, -2.0, 1.5, 0.5, -0.4, 0.2}, {6}, DType::f64).set_requires_grad();
  expect_gradcheck([](V x) { return hinge(x[0], kSigns); }, {s}, false);
}

TEST(LossGradcheck, MseInPredictionsAndTargets) {
  expect_gradcheck([](V x) { return mse(x[0], x[1]); }, {input({4, 3}, 5), input({4, 3}, 6)});
}

TEST(LossGradcheck, L2Penalty) {
  expect_gradcheck([](V x) { return l2_penalty(x, 0.3); }, {input({3, 2}, 7), input({2}, 8)});
}

}  // namespace
}  // namespace nabla::loss
