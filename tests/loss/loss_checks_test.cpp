// Loss input checks: error messages naming shapes, labels and indices; reductions; one-unit outputs.
#include <gtest/gtest.h>

#include "../common/error_of.h"

#include <cmath>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>
#include <nabla/loss/bce_with_logits.h>
#include <nabla/loss/cross_entropy.h>
#include <nabla/loss/hinge.h>
#include <nabla/loss/l2_penalty.h>
#include <nabla/loss/logistic.h>
#include <nabla/loss/mse.h>

namespace nabla::loss {
namespace {

using nabla::test::error_of;

const Tensor kLogits = Tensor::from_list({1, 2, 3, 0, 0, 0, -1, 5, 2}, {3, 3});

TEST(CrossEntropy, LabelOutOfRangeNamesLabelAndIndex) {
  const Tensor labels = Tensor::from_vector(std::vector<int64_t>{0, 3, 1}, {3});
  const std::string msg = error_of([&] { (void)cross_entropy(kLogits, labels); });
  EXPECT_NE(msg.find("label 3 at index 1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[0, 3)"), std::string::npos) << msg;
}

TEST(CrossEntropy, BatchMismatchNamesBothShapes) {
  const Tensor labels = Tensor::from_vector(std::vector<int64_t>{0, 1}, {2});
  const std::string msg = error_of([&] { (void)cross_entropy(kLogits, labels); });
  EXPECT_NE(msg.find("[3, 3]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[2]"), std::string::npos) << msg;
}

TEST(CrossEntropy, FloatLabelsAreRejected) {
  const std::string msg = error_of([&] { (void)cross_entropy(kLogits, Tensor::zeros({3})); });
  EXPECT_NE(msg.find("int64"), std::string::npos) << msg;
}

TEST(CrossEntropy, UniformLogitsGiveLogC) {
  const Tensor labels = Tensor::from_vector(std::vector<int64_t>{1}, {1});
  EXPECT_NEAR(cross_entropy(Tensor::zeros({1, 10}, DType::f64), labels).item(), std::log(10.0), 1e-15);
}

TEST(CrossEntropy, SumIsMeanTimesN) {
  const Tensor labels = Tensor::from_vector(std::vector<int64_t>{2, 0, 1}, {3});
  EXPECT_NEAR(cross_entropy(kLogits, labels, Reduction::sum).item(),
              3 * cross_entropy(kLogits, labels, Reduction::mean).item(), 1e-5);  // float32
  EXPECT_EQ(cross_entropy(kLogits, labels, Reduction::none).shape(), (Shape{3}));
}

TEST(CrossEntropy, EmptyBatchIsNaNAsInPyTorch) {
  // torch: F.cross_entropy(torch.empty(0, 3), torch.empty(0, dtype=torch.long)) is nan, its gradient
  // an empty (0, 3) tensor; a sum over the empty batch is 0.
  const Tensor logits = Tensor::zeros({0, 3}).set_requires_grad();
  const Tensor labels = Tensor::from_vector(std::vector<int64_t>{}, {0});
  const Tensor loss = cross_entropy(logits, labels);
  EXPECT_TRUE(std::isnan(loss.item()));
  backward(loss);
  EXPECT_EQ(logits.grad().shape(), (Shape{0, 3}));
  EXPECT_EQ(cross_entropy(logits, labels, Reduction::sum).item(), 0);
  EXPECT_TRUE(std::isnan(mse(Tensor::zeros({0, 2}), Tensor::zeros({0, 2})).item()));
}

TEST(BinaryLosses, LabelsMustBePlusMinusOne) {
  const Tensor s = Tensor::zeros({3});
  const Tensor y = Tensor::from_list({1, 0, -1}, {3});
  const std::string msg = error_of([&] { (void)logistic(s, y); });
  EXPECT_NE(msg.find("label 0 at index 1"), std::string::npos) << msg;
  EXPECT_NE(error_of([&] { (void)hinge(s, y); }).find("hinge"), std::string::npos);
}

TEST(BinaryLosses, OneOutputUnitAgainstLabelsIsNotBroadcastToNByN) {
  const Tensor s = Tensor::from_list({0.5, -1, 2}, {3, 1});
  const Tensor y = Tensor::from_list({1, -1, -1}, {3});
  EXPECT_EQ(logistic(s, y, Reduction::none).shape(), (Shape{3}));
  EXPECT_EQ(bce_with_logits(s, Tensor::from_list({1, 0, 0}, {3}), Reduction::none).shape(), (Shape{3}));
  const std::string msg = error_of([&] { (void)mse(s, Tensor::zeros({4})); });
  EXPECT_NE(msg.find("[3, 1]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[4]"), std::string::npos) << msg;
}

TEST(BinaryLosses, LogisticIsBceOnZeroOneTargets) {
  // softplus(−y·s) = bce(s, (y + 1)/2)
  const Tensor s = Tensor::from_list({0.5, -1, 2, 7}, {4}, DType::f64);
  const Tensor y = Tensor::from_list({1, -1, -1, 1}, {4}, DType::f64);
  EXPECT_NEAR(logistic(s, y).item(), bce_with_logits(s, (y + 1.0) / 2.0).item(), 1e-15);
}

TEST(BinaryLosses, IntegerLabelsAreConverted) {
  const Tensor s = Tensor::from_list({0.5, -1}, {2}, DType::f64);
  const Tensor y = Tensor::from_vector(std::vector<int64_t>{1, -1}, {2});
  EXPECT_NEAR(hinge(s, y).item(), 0.25, 1e-15);  // (0.5 + 0)/2
}

TEST(L2Penalty, IsHalfLambdaSquaredNorm) {
  const Tensor w = Tensor::from_list({3, 4}, {2}, DType::f64);
  EXPECT_NEAR(l2_penalty({w}, 0.1).item(), 0.05 * 25, 1e-15);
  EXPECT_EQ(l2_penalty({}, 0.1).item(), 0);
}

}  // namespace
}  // namespace nabla::loss
