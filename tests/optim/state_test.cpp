// Optimizer state save/load: a restored optimizer continues bit for bit, and the state names its keys.
#include <gtest/gtest.h>

#include "fixture_problem.h"

namespace nabla::optim::testing {
namespace {

// Options in the fixture's case format, so every optimizer's full state is exercised.
const char* const kCases[] = {
    R"({"optimizer": "sgd", "options": {"lr": 0.1, "momentum": 0.9, "nesterov": true, "weight_decay": 0.01}})",
    R"({"optimizer": "adagrad", "options": {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.1}})",
    R"({"optimizer": "rmsprop", "options": {"lr": 0.01, "momentum": 0.5, "centered": true}})",
    R"({"optimizer": "adam", "options": {"lr": 0.01, "amsgrad": true}})",
    R"({"optimizer": "adamw", "options": {"lr": 0.01}})",
    R"({"optimizer": "lbfgs", "options": {"lr": 1, "max_iter": 3, "history_size": 4, "line_search_fn": "strong_wolfe"}})",
    R"({"optimizer": "lbfgs", "options": {"lr": 0.5, "max_iter": 2, "history_size": 3}})",
    R"({"optimizer": "newton", "options": {"lr": 0.5, "damping": 0.3}})",
};

class StateRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(StateRoundTrip, RestoredOptimizerContinuesBitForBit) {
  const nlohmann::json c = nlohmann::json::parse(GetParam());
  const nlohmann::json fixture = load_fixture("optim_mlp.json");
  constexpr int kBefore = 7, kAfter = 9;

  Problem first = make_problem(fixture);
  std::unique_ptr<Optimizer> a = make_case_optimizer(c, first.params);
  for (int k = 0; k < kBefore; ++k) (void)a->step(make_closure(*a, first.loss));
  const OptimizerState saved = a->state_dict();
  const std::vector<double> saved_params = flat_values(first.params);
  for (int k = 0; k < kAfter; ++k) (void)a->step(make_closure(*a, first.loss));

  Problem second = make_problem(fixture);
  std::size_t offset = 0;
  for (const Tensor& p : second.params) {
    double* w = p.data<double>();
    for (int64_t i = 0; i < p.numel(); ++i) w[i] = saved_params[offset++];
  }
  std::unique_ptr<Optimizer> b = make_case_optimizer(c, second.params);
  b->load_state_dict(saved);
  for (int k = 0; k < kAfter; ++k) (void)b->step(make_closure(*b, second.loss));

  const std::vector<double> expected = flat_values(first.params), actual = flat_values(second.params);
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) EXPECT_EQ(actual[i], expected[i]) << "element " << i << " (exact)";
}

INSTANTIATE_TEST_SUITE_P(Optimizers, StateRoundTrip, ::testing::ValuesIn(kCases));

TEST(OptimizerState, KeysFollowPyTorchNames) {
  Problem p = make_problem(load_fixture("optim_mlp.json"));
  Adam adam(p.params, {.lr = 0.01, .amsgrad = true});
  (void)adam.step(make_closure(adam, p.loss));
  const OptimizerState s = adam.state_dict();
  for (const char* key : {"group.0.lr", "momentum", "state.0.step", "state.3.exp_avg", "state.3.exp_avg_sq",
                          "state.3.max_exp_avg_sq"})
    EXPECT_TRUE(s.contains(key)) << key;
  EXPECT_EQ(get_scalar(s, "state.2.step"), 1.0);
  EXPECT_EQ(get_scalar(s, "momentum"), 0.9);
}

TEST(OptimizerState, SavedStateIsASnapshot) {
  Problem p = make_problem(load_fixture("optim_mlp.json"));
  SGD sgd(p.params, {.lr = 0.1, .momentum = 0.9});
  (void)sgd.step(make_closure(sgd, p.loss));
  const OptimizerState s = sgd.state_dict();
  const std::vector<double> before = s.at("state.0.momentum_buffer").to_vector<double>();
  (void)sgd.step(make_closure(sgd, p.loss));
  EXPECT_EQ(s.at("state.0.momentum_buffer").to_vector<double>(), before);
}

TEST(OptimizerState, LoadRejectsMissingKeysAndWrongShapes) {
  Problem p = make_problem(load_fixture("optim_mlp.json"));
  Adagrad adagrad(p.params);
  OptimizerState s = adagrad.state_dict();
  s.erase("state.1.sum");
  EXPECT_THROW(adagrad.load_state_dict(s), std::invalid_argument);
  s = adagrad.state_dict();
  s["state.1.sum"] = Tensor::zeros({3}, DType::f64);
  EXPECT_THROW(adagrad.load_state_dict(s), std::invalid_argument);
}

}  // namespace
}  // namespace nabla::optim::testing
