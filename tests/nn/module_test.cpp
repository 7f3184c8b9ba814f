// The Module base through Linear, ReLU and Sequential: names, state dicts, freezing, modes, dtype.
#include <gtest/gtest.h>

#include "../common/error_of.h"

#include <cmath>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>
#include <nabla/nn/activation.h>
#include <nabla/nn/linear.h>
#include <nabla/nn/sequential.h>

namespace nabla::nn {
namespace {

std::shared_ptr<Sequential> mlp(Generator& gen) {
  return std::make_shared<Sequential>(std::vector<std::shared_ptr<Module>>{
      std::make_shared<Linear>(4, 3, gen), std::make_shared<ReLU>(), std::make_shared<Linear>(3, 2, gen)});
}

std::vector<std::string> names(const NamedTensors& list) {
  std::vector<std::string> out;
  for (const auto& [name, t] : list) out.push_back(name);
  return out;
}

TEST(Module, ParameterNamesFollowPyTorch) {
  Generator gen(0);
  const auto model = mlp(gen);
  EXPECT_EQ(names(model->named_parameters()), (std::vector<std::string>{"0.weight", "0.bias", "2.weight", "2.bias"}));
  EXPECT_EQ(model->parameter_count(), 4 * 3 + 3 + 3 * 2 + 2);
  EXPECT_EQ(model->describe(), "Sequential(3 layers)");
  EXPECT_EQ((*model)[0].describe(), "Linear(4, 3)");
  EXPECT_EQ(Linear(4, 3, gen, {.bias = false}).parameter_count(), 12);
}

TEST(Module, LinearComputesXWTransposedPlusB) {
  Generator gen(0);
  Linear lin(2, 2, gen);
  lin.load_state_dict(
      {{"weight", Tensor::from_list({1, 2, 3, 4}, {2, 2})}, {"bias", Tensor::from_list({10, 20}, {2})}});
  const Tensor y = lin(Tensor::from_list({1, 1, 0, 1}, {2, 2}));
  EXPECT_EQ(y.to_vector<float>(), (std::vector<float>{13, 27, 12, 24}));
  EXPECT_THROW((void)lin(Tensor::zeros({2, 3})), std::invalid_argument);
}

TEST(Module, DefaultInitIsXavierUniformWithZeroBias) {
  Generator gen(5);
  Linear lin(30, 20, gen);
  const double bound = std::sqrt(6.0 / 50);
  for (float w : lin.weight().to_vector<float>()) EXPECT_LE(std::abs(w), bound);
  EXPECT_EQ(lin.bias().to_vector<float>(), std::vector<float>(20, 0.0f));
}

TEST(Module, StateDictRoundTripIsACopy) {
  Generator gen(1), other(2);
  const auto a = mlp(gen), b = mlp(other);
  const auto state = a->state_dict();
  b->load_state_dict(state);
  const Tensor x = Tensor::from_list({1, -2, 3, 0.5}, {1, 4});
  EXPECT_EQ((*a)(x).to_vector<float>(), (*b)(x).to_vector<float>());
  // Changing the module afterwards leaves the saved state alone.
  Tensor w = a->named_parameters()[0].second;
  w.fill_(7);
  EXPECT_NE(state.at("0.weight").to_vector<float>()[0], 7.0f);
}

using nabla::test::error_of;

TEST(Module, LoadStateDictNamesTheKey) {
  Generator gen(1);
  const auto model = mlp(gen);
  auto state = model->state_dict();
  const Tensor before = state.at("2.bias").clone();

  auto missing = state;
  missing.erase("2.bias");
  EXPECT_EQ(error_of([&] { model->load_state_dict(missing); }), "load_state_dict: missing key \"2.bias\"");

  auto extra = state;
  extra["3.weight"] = Tensor::zeros({1});
  EXPECT_EQ(error_of([&] { model->load_state_dict(extra); }), "load_state_dict: unexpected key \"3.weight\"");

  auto wrong = state;
  wrong["0.weight"] = Tensor::zeros({4, 3});
  wrong["2.bias"] = Tensor::full({2}, 9);
  EXPECT_EQ(error_of([&] { model->load_state_dict(wrong); }),
            "load_state_dict: \"0.weight\" has shape [4, 3] in the state but [3, 4] in the module");
  // Nothing was copied from the rejected state.
  EXPECT_EQ(model->state_dict().at("2.bias").to_vector<float>(), before.to_vector<float>());
}

TEST(Module, FrozenParametersGetNoGradient) {
  Generator gen(3);
  const auto model = mlp(gen);
  (*model)[0].set_trainable(false);
  EXPECT_EQ(model->trainable_parameters().size(), 2u);
  EXPECT_EQ(model->parameters().size(), 4u);

  backward(sum((*model)(Tensor::ones({5, 4}))));
  const NamedTensors params = model->named_parameters();
  EXPECT_FALSE(params[0].second.grad().defined());
  EXPECT_FALSE(params[1].second.grad().defined());
  EXPECT_TRUE(params[2].second.grad().defined());
  EXPECT_TRUE(params[3].second.grad().defined());

  model->set_trainable(true);
  EXPECT_EQ(model->trainable_parameters().size(), 4u);
}

TEST(Module, TrainAndEvalAreRecursive) {
  Generator gen(0);
  const auto model = mlp(gen);
  EXPECT_TRUE((*model)[2].is_training());
  model->eval();
  EXPECT_FALSE(model->is_training());
  EXPECT_FALSE((*model)[2].is_training());
  model->train();
  EXPECT_TRUE((*model)[0].is_training());
}

TEST(Module, ToFloat64KeepsValuesAndHandles) {
  Generator gen(0);
  const auto model = mlp(gen);
  const Tensor x = Tensor::from_list({1, -2, 3, 0.5}, {1, 4});
  const std::vector<float> y32 = (*model)(x).to_vector<float>();
  const Tensor w = dynamic_cast<Linear&>((*model)[0]).weight();
  model->to(DType::f64);
  EXPECT_EQ(model->dtype(), DType::f64);
  EXPECT_EQ(w.dtype(), DType::f64);  // the layer's own handle sees the conversion
  EXPECT_TRUE(w.requires_grad());
  const std::vector<double> y64 = (*model)(x.to(DType::f64)).to_vector<double>();
  for (std::size_t i = 0; i < y32.size(); ++i) EXPECT_NEAR(y64[i], y32[i], 1e-5);  // float32 rounding
}

TEST(Module, SequentialRejectsNullAndBadIndex) {
  Sequential seq;
  EXPECT_THROW(seq.push_back(nullptr), std::invalid_argument);
  EXPECT_THROW((void)seq[0], std::out_of_range);
  const Tensor x = Tensor::ones({2});
  EXPECT_TRUE(seq(x).same(x));  // an empty chain is the identity
}

TEST(Module, SequentialTakesItsLayersDirectly) {
  // As torch.nn.Sequential(Linear(4, 3), ReLU(), Linear(3, 2)): layers moved in, or shared when passed
  // as a shared_ptr; nested chains keep PyTorch's dotted names.
  Generator gen(0), same_gen(0);
  Linear first(4, 3, gen);
  const auto shared = std::make_shared<Linear>(3, 2, gen);
  Sequential model(std::move(first), ReLU(), shared);
  EXPECT_EQ(names(model.named_parameters()), (std::vector<std::string>{"0.weight", "0.bias", "2.weight", "2.bias"}));
  EXPECT_TRUE(model.parameters()[2].same(shared->weight()));
  const auto reference = mlp(same_gen);
  const Tensor x = Tensor::from_list({1, -2, 3, 0.5}, {1, 4});
  EXPECT_EQ(model(x).to_vector<float>(), (*reference)(x).to_vector<float>());
  Sequential nested(Sequential(Linear(2, 2, gen), Tanh()), Linear(2, 1, gen));
  EXPECT_EQ(names(nested.named_parameters()), (std::vector<std::string>{"0.0.weight", "0.0.bias", "1.weight", "1.bias"}));
}

}  // namespace
}  // namespace nabla::nn
