// Loss values (mean, sum, none) and gradients against torch.nn.functional (tests/reference/make_loss_fixtures.py).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include <nabla/autograd/engine.h>
#include <nabla/loss/bce_with_logits.h>
#include <nabla/loss/cross_entropy.h>
#include <nabla/loss/hinge.h>
#include <nabla/loss/l2_penalty.h>
#include <nabla/loss/logistic.h>
#include <nabla/loss/mse.h>

#include "loss_fixture.h"

namespace nabla::loss {
namespace {

using test::expect_close;
using test::fixtures;
using test::tensor_from;

constexpr double kTol = 1e-12;  // float64 against float64: only rounding differs

using Fn = std::function<Tensor(const Tensor&, const Tensor&, Reduction)>;

void check_against_torch(const std::string& name, const Fn& fn, DType target_dtype = DType::f64) {
  const nlohmann::json& c = fixtures().at(name);
  const Tensor target = tensor_from(c.at("target"), target_dtype);
  const Tensor output = tensor_from(c.at("output")).set_requires_grad();
  expect_close(fn(output, target, Reduction::sum), tensor_from(c.at("sum")), kTol, name + " sum");
  expect_close(fn(output, target, Reduction::none), tensor_from(c.at("none")), kTol, name + " none");
  const Tensor mean = fn(output, target, Reduction::mean);
  expect_close(mean, tensor_from(c.at("mean")), kTol, name + " mean");
  const std::vector<Tensor> g = grad(mean, {output});
  expect_close(g[0], tensor_from(c.at("grad_mean")), kTol, name + " gradient of the mean");
}

Fn smoothed_cross_entropy(double label_smoothing) {
  return [label_smoothing](const Tensor& logits, const Tensor& labels, Reduction r) {
    return cross_entropy(logits, labels, r, label_smoothing);
  };
}

TEST(LossParity, CrossEntropyIncludingLogitsOfSize1000) {
  check_against_torch("cross_entropy", smoothed_cross_entropy(0), DType::i64);
}
TEST(LossParity, CrossEntropyWithLabelSmoothing) {
  check_against_torch("cross_entropy_smoothed_0.1", smoothed_cross_entropy(0.1), DType::i64);
  check_against_torch("cross_entropy_smoothed_1.0", smoothed_cross_entropy(1.0), DType::i64);
}
TEST(LossParity, LabelSmoothingOutsideTheUnitIntervalIsRefused) {
  const nlohmann::json& c = fixtures().at("cross_entropy");
  const Tensor logits = tensor_from(c.at("output")), labels = tensor_from(c.at("target"), DType::i64);
  for (double bad : {-0.1, 1.5, std::nan("")}) {
    try {
      (void)cross_entropy(logits, labels, Reduction::mean, bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("label_smoothing must be in [0, 1]"), std::string::npos) << e.what();
    }
  }
}
TEST(LossParity, BceWithLogitsIncludingLogitsOf100) { check_against_torch("bce_with_logits", bce_with_logits); }
TEST(LossParity, LogisticIsSoftMarginLoss) { check_against_torch("logistic", logistic); }
TEST(LossParity, Hinge) { check_against_torch("hinge", hinge); }
TEST(LossParity, Mse) { check_against_torch("mse", mse); }

TEST(LossParity, L2Penalty) {
  const nlohmann::json& c = fixtures().at("l2_penalty");
  std::vector<Tensor> params;
  for (const auto& p : c.at("params")) params.push_back(tensor_from(p).set_requires_grad());
  const Tensor penalty = l2_penalty(params, c.at("lambda").get<double>());
  EXPECT_NEAR(penalty.item(), c.at("value").get<double>(), kTol);
  const std::vector<Tensor> g = grad(penalty, params);
  for (std::size_t i = 0; i < params.size(); ++i)
    expect_close(g[i], tensor_from(c.at("grads")[i]), kTol, "l2_penalty gradient " + std::to_string(i));
}

TEST(LossParity, Float32AgreesWithTheFloat64Reference) {
  const nlohmann::json& c = fixtures().at("cross_entropy");
  const Tensor loss = cross_entropy(tensor_from(c.at("output"), DType::f32), tensor_from(c.at("target"), DType::i64));
  EXPECT_EQ(loss.dtype(), DType::f32);
  EXPECT_NEAR(loss.item(), tensor_from(c.at("mean")).item(), 1e-5);  // float32 rounding of values near 1000
}

}  // namespace
}  // namespace nabla::loss
