// Dilated and grouped convolutions and residual blocks (identity, option A, projection; batch norm in train
// mode) built from specs against PyTorch: outputs and gradients of tests/reference/resnet_fixtures.json.
#include <gtest/gtest.h>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>
#include <nabla/nn/model_spec.h>

#include "../common/reference_fixture.h"

namespace nabla::nn {
namespace {

using nabla::test::expect_close;
using nabla::test::tensor_from;

constexpr double kTol = 1e-10;  // float64 against float64: only summation order differs

const nlohmann::json& fixtures() {
  static const nlohmann::json j = nabla::test::read_fixture("resnet_fixtures.json");
  return j;
}

// The case's spec followed by flatten, so that build_model's output check passes with C·H·W classes; its
// weights loaded from the fixture; y and the gradients of sum(y * upstream) compared with PyTorch's.
void check_case(const nlohmann::json& c) {
  const std::string spec = c.at("spec").get<std::string>();
  const Tensor x = tensor_from(c.at("x")).set_requires_grad();
  const Tensor expected_y = tensor_from(c.at("y"));
  const Shape sample(x.shape().begin() + 1, x.shape().end());
  Generator gen(0);
  auto model = build_model(spec + "-flatten", sample, expected_y.numel() / expected_y.size(0), gen, nullptr);
  model->to(DType::f64);
  std::map<std::string, Tensor> state = model->state_dict();
  for (auto& [name, value] : state)
    if (c.at("params").contains(name)) value = tensor_from(c.at("params").at(name));
  model->load_state_dict(state);

  const Tensor y = reshape((*model)(x), expected_y.shape());
  expect_close(y, expected_y, kTol, spec + ": y");
  backward(sum(y * tensor_from(c.at("upstream"))));
  expect_close(x.grad(), tensor_from(c.at("grad_x")), kTol, spec + ": grad x");
  std::size_t compared = 0;
  for (const auto& [name, param] : model->named_parameters()) {
    ASSERT_TRUE(c.at("grads").contains(name)) << spec << ": PyTorch has no parameter " << name;
    expect_close(param.grad(), tensor_from(c.at("grads").at(name)), kTol, spec + ": grad " + name);
    ++compared;
  }
  EXPECT_EQ(compared, c.at("grads").size()) << spec;
}

TEST(ResnetParity, DilatedAndGroupedConvolutions) {
  for (const nlohmann::json& c : fixtures().at("conv")) check_case(c);
}

TEST(ResnetParity, ResidualBlocksInTrainMode) {
  for (const nlohmann::json& c : fixtures().at("residual")) check_case(c);
}

}  // namespace
}  // namespace nabla::nn
