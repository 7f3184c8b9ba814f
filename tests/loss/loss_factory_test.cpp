// make_loss by name, its error for unknown names, and class labels encoded for each loss.
#include <gtest/gtest.h>

#include <nabla/loss/cross_entropy.h>
#include <nabla/loss/loss_factory.h>

namespace nabla::loss {
namespace {

const Tensor kLabels = Tensor::from_vector(std::vector<int64_t>{1, 0, 1}, {3});

TEST(LossFactory, EveryNameBuildsItsLoss) {
  for (const std::string& name : loss_names()) EXPECT_EQ(make_loss(name).name, name);
  EXPECT_EQ(make_loss("cross_entropy").target, Target::class_index);
  EXPECT_EQ(make_loss("bce").target, Target::zero_one);
  EXPECT_EQ(make_loss("logistic").target, Target::plus_minus_one);
  EXPECT_EQ(make_loss("hinge").target, Target::plus_minus_one);
  EXPECT_EQ(make_loss("mse").target, Target::real);
}

TEST(LossFactory, CallsTheLossWithItsReduction) {
  const Tensor logits = Tensor::from_list({1, 2, 0, 0, 3, 1}, {3, 2}, DType::f64);
  EXPECT_DOUBLE_EQ(make_loss("cross_entropy", Reduction::sum)(logits, kLabels).item(),
                   cross_entropy(logits, kLabels, Reduction::sum).item());
}

TEST(LossFactory, LabelSmoothingReachesCrossEntropyAndOnlyIt) {
  const Tensor logits = Tensor::from_list({1, 2, 0, 0, 3, 1}, {3, 2}, DType::f64);
  const double smoothed = make_loss("cross_entropy", Reduction::mean, 0.2)(logits, kLabels).item();
  EXPECT_DOUBLE_EQ(smoothed, cross_entropy(logits, kLabels, Reduction::mean, 0.2).item());
  EXPECT_NE(smoothed, cross_entropy(logits, kLabels).item());
  try {
    (void)make_loss("hinge", Reduction::mean, 0.1);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "label smoothing is for the cross_entropy loss, not hinge");
  }
}

TEST(LossFactory, UnknownNameListsTheKnownOnes) {
  try {
    (void)make_loss("nll");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "unknown loss \"nll\"; known losses: cross_entropy, bce, logistic, mse, hinge");
  }
}

TEST(EncodeTargets, EachKind) {
  const Tensor one_unit = Tensor::zeros({3, 1}, DType::f64);
  EXPECT_TRUE(encode_targets(kLabels, Target::class_index, one_unit).same(kLabels));
  EXPECT_EQ(encode_targets(kLabels, Target::zero_one, one_unit).to_vector<double>(), (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(encode_targets(kLabels, Target::plus_minus_one, one_unit).to_vector<double>(),
            (std::vector<double>{1, -1, 1}));
  EXPECT_EQ(encode_targets(kLabels, Target::real, one_unit).dtype(), DType::f64);
  const Tensor one_hot = encode_targets(kLabels, Target::real, Tensor::zeros({3, 2}));
  EXPECT_EQ(one_hot.to_vector<float>(), (std::vector<float>{0, 1, 1, 0, 0, 1}));
}

TEST(EncodeTargets, BinaryKindsRejectOtherLabels) {
  const Tensor labels = Tensor::from_vector(std::vector<int64_t>{0, 1, 7}, {3});
  try {
    (void)encode_targets(labels, Target::plus_minus_one, Tensor::zeros({3, 1}));
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("label 7 at index 2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace nabla::loss
