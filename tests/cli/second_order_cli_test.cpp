// `nabla train` with Newton and L-BFGS, full batch, against tests/reference/train_second_order.json
// (make_train_fixtures.py): Newton reaches the least-squares minimum in one step and follows NumPy-style
// Newton on logistic regression; L-BFGS follows torch.optim.LBFGS from the same initial weights
// (--init-from). Also: --init-from refuses weights that do not fit the model.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <nabla/io/atomic_file.h>
#include <nabla/train/data_splits.h>
#include <nabla/train/history.h>
#include <nabla/train/safetensors.h>

#include "../common/reference_fixture.h"
#include "../common/train_fixtures.h"
#include "cli_runner.h"

namespace nabla::cli {
namespace {

using testing::run_cli;

const nlohmann::json& fixture() {
  static const nlohmann::json f = test::read_fixture("train_second_order.json");
  return f;
}

// The fixture's CSV (every value a multiple of 1/64, so the text is exact).
std::filesystem::path write_csv(const std::filesystem::path& dir) {
  const auto path = dir / "data.csv";
  std::ofstream out(path);
  out.precision(17);
  out << fixture().at("header").get<std::string>() << "\n";
  const auto& labels = fixture().at("labels");
  for (std::size_t i = 0; i < labels.size(); ++i) {
    for (double v : fixture().at("features").at(i).get<std::vector<double>>()) out << v << ",";
    out << labels.at(i).get<int64_t>() << "\n";
  }
  return path;
}

// A state dict of the fixture ({name: {shape, data}}) as a float32 safetensors file, as torch saves one.
std::filesystem::path write_weights(const std::filesystem::path& path, const nlohmann::json& state) {
  train::TensorMap tensors;
  for (const auto& [name, t] : state.items()) tensors[name] = test::tensor_from(t, DType::f32);
  train::save_safetensors(path, tensors);
  return path;
}

struct TrainedRun {
  std::filesystem::path out;
  train::History history;
  train::TensorMap weights;
};

// `nabla train` on the fixture's data, full batch, constant learning rate; flags add the rest.
TrainedRun train_cli(const std::filesystem::path& dir, const std::string& name, const std::string& flags) {
  const auto& f = fixture();
  const std::filesystem::path out = dir / name;
  const std::string args = "train --data " + (dir / "data.csv").string() + " --seed " + std::to_string(f.at("seed").get<int>()) +
                           " --val-fraction " + std::to_string(f.at("val_fraction").get<double>()) + " --test-fraction " +
                           std::to_string(f.at("test_fraction").get<double>()) +
                           " --batch-size 1000 --schedule none --out " + out.string() + " " + flags;
  const auto r = run_cli(args, true);
  EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.output;
  TrainedRun run{out, {}, {}};
  if (r.exit_code != 0) return run;
  run.history = train::History::from_json(nlohmann::json::parse(io::read_file(out / "history.json")));
  run.weights = train::load_safetensors(out / "model.safetensors");
  return run;
}

// --model and --loss of a fixture case.
std::string model_flags(const nlohmann::json& c) {
  return "--model '" + c.at("model").get<std::string>() + "' --loss " + c.at("loss").get<std::string>();
}

void expect_weights(const TrainedRun& run, const nlohmann::json& expected, double tol, const std::string& what) {
  ASSERT_EQ(run.weights.size(), expected.size()) << what;
  for (const auto& [name, t] : expected.items())
    test::expect_close(run.weights.at(name), test::tensor_from(t), tol, what + " " + name);
}

class SecondOrderCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = train::testing::fresh_dir("cli_second_order");
    write_csv(dir_);
  }
  std::filesystem::path dir_;
};

// The fixture's reference runs on the rows that make_train_fixtures.py computed nabla would keep.
TEST_F(SecondOrderCli, TrainsOnTheRowsTheFixtureAssumes) {
  train::TrainConfig c;
  c.data = (dir_ / "data.csv").string();
  c.seed = fixture().at("seed");
  c.val_fraction = fixture().at("val_fraction");
  c.test_fraction = fixture().at("test_fraction");
  const data::LabeledData train = train::load_data_splits(c).train;
  const auto rows = fixture().at("train_rows").get<std::vector<std::size_t>>();
  ASSERT_EQ(train.size(), static_cast<int64_t>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto x = fixture().at("features").at(rows[i]).get<std::vector<double>>();
    for (std::size_t k = 0; k < x.size(); ++k) ASSERT_EQ(train.features[i * x.size() + k], x[k]) << "row " << i;
    ASSERT_EQ(train.labels[i], fixture().at("labels").at(rows[i]).get<int64_t>()) << "row " << i;
  }
}

// One Newton step at lr 1 solves least squares: the second epoch's loss (measured before its step) is
// the closed-form minimum. With Armijo backtracking the full step is accepted, so the same holds.
TEST_F(SecondOrderCli, NewtonSolvesLeastSquaresInOneStep) {
  const auto& ls = fixture().at("least_squares");
  const double minimum = ls.at("min_loss");
  for (const std::string line_search : {"", "armijo"}) {
    SCOPED_TRACE("line search '" + line_search + "'");
    const TrainedRun run = train_cli(dir_, "newton" + line_search,
                                     model_flags(ls) + " --optimizer newton --lr 1 --epochs 2" +
                                         (line_search.empty() ? "" : " --line-search " + line_search));
    ASSERT_EQ(run.history.epochs.size(), 2u);
    EXPECT_GT(run.history.epochs[0].train_loss, minimum + 0.1);  // the start is far from it
    EXPECT_NEAR(run.history.epochs[1].train_loss, minimum, 1e-6);
    expect_weights(run, ls.at("weights"), 1e-5, "least-squares weights");  // float32 model
  }
}

// Newton on logistic regression (bce) from given weights follows the float64 reference iterates.
TEST_F(SecondOrderCli, NewtonFollowsTheReferenceOnLogisticRegression) {
  const auto& c = fixture().at("newton_logistic");
  write_weights(dir_ / "logistic_init.safetensors", c.at("init"));
  const TrainedRun run = train_cli(dir_, "logistic",
                                   model_flags(c) + " --optimizer newton --lr 1 --epochs " +
                                       std::to_string(c.at("epochs").get<int>()) + " --init-from " +
                                       (dir_ / "logistic_init.safetensors").string());
  const auto losses = c.at("losses").get<std::vector<double>>();
  ASSERT_EQ(run.history.epochs.size(), losses.size());
  for (std::size_t e = 0; e < losses.size(); ++e)
    EXPECT_NEAR(run.history.epochs[e].train_loss, losses[e], 1e-6) << "epoch " << e + 1;  // float32 model
  expect_weights(run, c.at("final"), 1e-5, "logistic weights");
}

// L-BFGS (one step of max_iter iterations per epoch, with the L2 penalty) against torch.optim.LBFGS in
// float32 from the same initial weights, without and with the strong-Wolfe line search. The tolerance is
// 20 times the difference between torch's own float32 and float64 runs (see the fixture script).
TEST_F(SecondOrderCli, LbfgsMatchesTorch) {
  for (const char* name : {"lbfgs", "lbfgs_strong_wolfe"}) {
    SCOPED_TRACE(name);
    const auto& c = fixture().at(name);
    const auto init = write_weights(dir_ / (std::string(name) + "_init.safetensors"), c.at("init"));
    const std::string line_search = c.at("line_search");
    const TrainedRun run = train_cli(dir_, name,
                                     model_flags(c) + " --l2 " + std::to_string(c.at("l2").get<double>()) +
                                         " --optimizer lbfgs --max-iter " + std::to_string(c.at("max_iter").get<int>()) +
                                         " --epochs " + std::to_string(c.at("epochs").get<int>()) +
                                         (line_search.empty() ? "" : " --line-search " + line_search) +
                                         " --init-from " + init.string());
    const auto losses = c.at("losses").get<std::vector<double>>();
    ASSERT_EQ(run.history.epochs.size(), losses.size());
    for (std::size_t e = 0; e < losses.size(); ++e)
      EXPECT_NEAR(run.history.epochs[e].train_loss, losses[e], 1e-6) << "epoch " << e + 1;  // float32 on both sides
    expect_weights(run, c.at("final"), 1e-4, "weights after L-BFGS");
  }
}

TEST_F(SecondOrderCli, InitFromListsEveryTensorThatDoesNotFit) {
  // linear(6)-tanh-linear(2) on 3 features: 0.weight [6, 3], 0.bias [6], 2.weight [2, 6], 2.bias [2].
  train::TensorMap bad{{"0.weight", Tensor::zeros({6, 4})},
                       {"0.bias", Tensor::zeros({6})},
                       {"2.weight", Tensor::zeros({2, 6})},
                       {"1.weight", Tensor::zeros({3})}};
  const auto path = dir_ / "bad.safetensors";
  train::save_safetensors(path, bad);
  const auto r = run_cli("train --data " + (dir_ / "data.csv").string() + " --model 'linear(6)-tanh-linear(2)' --epochs 1 " +
                             "--init-from " + path.string() + " --out " + (dir_ / "bad").string(),
                         true);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  const std::vector<std::string> parts{path.string(), "\"0.weight\" is [6, 4] in the file but [6, 3] in the model",
                                      "missing \"2.bias\" [2]", "unexpected \"1.weight\" [3]"};
  for (const std::string& part : parts)
    EXPECT_NE(r.output.find(part), std::string::npos) << part << "\n" << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "bad" / "checkpoint.safetensors"));
}

}  // namespace
}  // namespace nabla::cli
