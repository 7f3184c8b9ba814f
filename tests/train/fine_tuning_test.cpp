// Freezing by name prefix, the head that reset_head leaves fresh, and init_from from a run folder.
#include <gtest/gtest.h>

#include <nabla/nn/model_spec.h>
#include <nabla/train/fine_tuning.h>
#include <nabla/train/initial_weights.h>
#include <nabla/train/safetensors.h>

#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

// 0.weight [4, 3], 0.bias [4], 2.weight [classes, 4], 2.bias [classes].
std::shared_ptr<nn::Sequential> model(int64_t classes, uint64_t seed = 0) {
  Generator gen(seed);
  return nn::build_model("linear(4)-relu-linear(" + std::to_string(classes) + ")", {3}, classes, gen, nullptr);
}

template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Freeze, TurnsOffGradientsOfMatchingParameters) {
  const auto m = model(2);
  const ParameterCounts counts = freeze_parameters(*m, {"0.", "2.bias"});
  EXPECT_EQ(counts.frozen, 12 + 4 + 2);
  EXPECT_EQ(counts.trainable, 8);
  for (const auto& [name, p] : m->named_parameters()) EXPECT_EQ(p.requires_grad(), name == "2.weight") << name;
}

TEST(Freeze, APrefixMatchingNothingIsAnErrorAndFreezesNothing) {
  const auto m = model(2);
  EXPECT_EQ(error_of([&] { (void)freeze_parameters(*m, {"0.", "1."}); }),
            "freeze: prefix \"1.\" matches no parameter; the parameters are 0.weight, 0.bias, 2.weight, 2.bias");
  EXPECT_EQ(parameter_counts(*m).frozen, 0);
}

TEST(Freeze, ParsesPrefixLists) {
  EXPECT_EQ(parse_prefix_list("0.,3."), (std::vector<std::string>{"0.", "3."}));
  EXPECT_EQ(error_of([] { (void)parse_prefix_list("0.,0."); }), "lists \"0.\" twice: \"0.,0.\"");
  EXPECT_NE(error_of([] { (void)parse_prefix_list(",0."); }).find("an item is empty"), std::string::npos);
}

TEST(ResetHead, TheHeadIsTheLastLinear) {
  EXPECT_EQ(head_prefix(*model(2)), "2.");
  Generator gen(0);
  EXPECT_EQ(head_prefix(*nn::build_model("conv(2,3)-relu-flatten-linear(5)-relu-linear(2)-relu", {1, 5, 5}, 2, gen,
                                         nullptr)),
            "5.");
  EXPECT_EQ(error_of([&] { (void)head_prefix(*nn::build_model("flatten", {1, 2, 2}, 4, gen, nullptr)); }),
            "reset_head: the model has no Linear layer to re-initialise");
}

TEST(ResetHead, LoadsAllButTheHeadWhichKeepsItsFreshValues) {
  const auto dir = testing::fresh_dir("reset_head");
  save_safetensors(dir / "model.safetensors", model(2, 7)->state_dict());  // a 2-class model, another seed
  const auto m = model(5);
  const TensorMap fresh = m->state_dict();
  load_initial_weights(*m, dir, head_prefix(*m));  // a folder stands for its model.safetensors
  const TensorMap loaded = m->state_dict(), file = load_safetensors(dir / "model.safetensors");
  EXPECT_EQ(loaded.at("0.weight").to_vector<double>(), file.at("0.weight").to_vector<double>());
  EXPECT_EQ(loaded.at("0.bias").to_vector<double>(), file.at("0.bias").to_vector<double>());
  EXPECT_EQ(loaded.at("2.weight").to_vector<double>(), fresh.at("2.weight").to_vector<double>());
  EXPECT_EQ(loaded.at("2.bias").to_vector<double>(), fresh.at("2.bias").to_vector<double>());
  // Without reset_head the head's shapes are errors, both named.
  const std::string error = error_of([&] { load_initial_weights(*model(5), dir); });
  EXPECT_NE(error.find("\"2.weight\" is [2, 4] in the file but [5, 4] in the model"), std::string::npos) << error;
  EXPECT_NE(error.find("\"2.bias\" is [2] in the file but [5] in the model"), std::string::npos) << error;
}

}  // namespace
}  // namespace nabla::train
