// init_from: weights copied by name, float64 converted, and every misfit reported before anything changes.
#include <gtest/gtest.h>

#include <cmath>

#include <nabla/nn/model_spec.h>
#include <nabla/train/initial_weights.h>
#include <nabla/train/safetensors.h>

#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

std::shared_ptr<nn::Sequential> model() {
  Generator gen(0);
  return nn::build_model("linear(4)-relu-batchnorm-linear(2)", {3}, 2, gen, nullptr);
}

std::string error_of(nn::Module& m, const std::filesystem::path& path) {
  try {
    load_initial_weights(m, path);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(InitialWeights, CopiesEveryTensorByName) {
  const auto dir = testing::fresh_dir("initial_weights_copy");
  TensorMap state = model()->state_dict();
  for (auto& [name, t] : state)
    if (t.dtype() != DType::i64) t = Tensor::full(t.shape(), 0.25, DType::f64);  // float64: converted
  save_safetensors(dir / "w.safetensors", state);
  const auto m = model();
  load_initial_weights(*m, dir / "w.safetensors");
  for (const auto& [name, t] : m->state_dict()) {
    if (t.dtype() == DType::i64) continue;
    EXPECT_EQ(t.to_vector<double>(), std::vector<double>(t.numel(), 0.25)) << name;
  }
}

TEST(InitialWeights, ReportsEveryMisfitAndChangesNothing) {
  const auto dir = testing::fresh_dir("initial_weights_misfit");
  TensorMap state = model()->state_dict();
  state["0.weight"] = Tensor::zeros({4, 5});
  state["2.running_mean"] = Tensor::full({4}, std::nan(""));
  state["2.num_batches_tracked"] = Tensor::scalar(0);  // float32 where the model holds int64
  state.erase("3.bias");
  state["9.weight"] = Tensor::zeros({1});
  const auto path = dir / "w.safetensors";
  save_safetensors(path, state);
  const auto m = model();
  const std::vector<float> first_before = m->state_dict().at("0.weight").to_vector<float>();
  const std::string e = error_of(*m, path);
  const std::vector<std::string> parts{
      "init_from " + path.string() + " does not fit the model: ",
      "\"0.weight\" is [4, 5] in the file but [4, 3] in the model", "\"2.running_mean\" holds a value that is not finite",
      "\"2.num_batches_tracked\" is float32 in the file but int64", "missing \"3.bias\" [2]",
      "unexpected \"9.weight\" [1]"};
  for (const std::string& part : parts)
    EXPECT_NE(e.find(part), std::string::npos) << part << "\n" << e;
  EXPECT_EQ(m->state_dict().at("0.weight").to_vector<float>(), first_before);
  const std::string absent = error_of(*m, dir / "absent.safetensors");
  EXPECT_EQ(absent.rfind("init_from: ", 0), 0u) << absent;
  EXPECT_NE(absent.find("absent.safetensors"), std::string::npos) << absent;
}

}  // namespace
}  // namespace nabla::train
