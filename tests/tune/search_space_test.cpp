// Search spaces: names resolved to config fields, clear errors for bad files, grids in order, and
// random draws that repeat for a seed and stay inside their bounds.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include <nabla/tune/search_space.h>

namespace nabla::tune {
namespace {

using nlohmann::json;

// The message of the invalid_argument that parsing j throws, or "" when it parses.
std::string parse_error(const json& j) {
  try {
    (void)parse_search_space(j);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

void expect_error(const json& j, const std::string& part) {
  const std::string what = parse_error(j);
  EXPECT_NE(what.find(part), std::string::npos) << "space " << j.dump() << "\nerror: " << what;
}

TEST(SearchSpace, NamesResolveToConfigFields) {
  const SearchSpace s = parse_search_space(json::parse(R"js({
    "lr": [0.01, 0.1], "optimizer": ["sgd", "adam"], "batch_size": [16, 32], "schedule.gamma": [0.5],
    "weight_decay": {"log_uniform": [1e-5, 1e-3]}, "model": {"choice": ["linear(3)"]}, "epochs": {"int_uniform": [1, 3]}
  })js"));
  ASSERT_EQ(s.dimensions.size(), 7u);
  std::map<std::string, std::vector<std::string>> paths;
  for (const Dimension& d : s.dimensions) paths[d.name] = d.path;
  EXPECT_EQ(paths["lr"], (std::vector<std::string>{"optimizer", "lr"}));
  EXPECT_EQ(paths["optimizer"], (std::vector<std::string>{"optimizer", "name"}));
  EXPECT_EQ(paths["batch_size"], (std::vector<std::string>{"batch_size"}));
  EXPECT_EQ(paths["schedule.gamma"], (std::vector<std::string>{"schedule", "gamma"}));
  EXPECT_EQ(paths["weight_decay"], (std::vector<std::string>{"optimizer", "weight_decay"}));
  const train::TrainConfig c = apply_point({}, s, {{"lr", 0.1}, {"optimizer", "sgd"}, {"batch_size", 16},
                                            {"schedule.gamma", 0.5}, {"weight_decay", 1e-4},
                                            {"model", "linear(3)"}, {"epochs", 2}});
  EXPECT_EQ(c.optimizer.lr, 0.1);
  EXPECT_EQ(c.optimizer.name, "sgd");
  EXPECT_EQ(c.batch_size, 16);
  EXPECT_EQ(c.schedule.gamma, 0.5);
  EXPECT_EQ(c.optimizer.weight_decay, 1e-4);
  EXPECT_EQ(c.model, "linear(3)");
  EXPECT_EQ(c.epochs, 2);
  EXPECT_EQ(parse_search_space(to_json(s)).dimensions.size(), 7u);
  EXPECT_EQ(to_json(parse_search_space(to_json(s))), to_json(s));
}

TEST(SearchSpace, BadFilesGiveClearErrors) {
  expect_error(json::parse(R"({"lrr": [0.1]})"), "\"lrr\" is not a hyper-parameter");
  expect_error(json::parse(R"({"optimizer.lrr": [0.1]})"), "\"optimizer.lrr\" is not a hyper-parameter");
  expect_error(json::parse(R"({"data": ["a.csv"]})"), "every trial uses the base config's data");
  expect_error(json::parse(R"({"lr": []})"), "\"lr\" has an empty list");
  expect_error(json::parse(R"({"lr": {"choice": []}})"), "\"lr\" has an empty list");
  expect_error(json::parse(R"({"lr": {"uniform": [0.1, 0.01]}})"), "uniform needs low < high");
  expect_error(json::parse(R"({"lr": {"uniform": [0.1, 0.1]}})"), "uniform needs low < high");
  expect_error(json::parse(R"({"lr": {"log_uniform": [0, 0.1]}})"), "log_uniform needs 0 < low");
  expect_error(json::parse(R"({"lr": {"log_uniform": [1e-3]}})"), "takes two numbers [low, high]");
  expect_error(json::parse(R"({"epochs": {"int_uniform": [5, 2]}})"), "int_uniform needs low <= high");
  expect_error(json::parse(R"({"epochs": {"int_uniform": [1, 2.5]}})"), "whole-number bounds");
  expect_error(json::parse(R"({"batch_size": {"log_uniform": [16, 256]}})"), "not a real-valued field");
  expect_error(json::parse(R"({"lr": {"int_uniform": [1, 2]}})"), "not a whole-number field");
  expect_error(json::parse(R"({"lr": {"normal": [0, 1]}})"), "must be a list of values or one of");
  expect_error(json::parse(R"({"batch_size": [16, 32.5]})"), "takes whole numbers, not 32.5");
  expect_error(json::parse(R"({"model": ["mlp", 3]})"), "takes strings, not 3");
  expect_error(json::parse(R"({"lr": 0.1})"), "must be a list of values or a distribution");
  expect_error(json::parse(R"({"lr": [0.1], "optimizer.lr": [0.2]})"), "another name in the space already sets");
  expect_error(json::parse(R"({})"), "names no hyper-parameters");
  expect_error(json::parse(R"([1, 2])"), "must be a JSON object");
}

TEST(SearchSpace, DottedNamesOutsideTheConfigAreErrorsNotCrashes) {
  // The resolver once walked past a missing key and dereferenced null: `nabla search` crashed.
  expect_error(json::parse(R"({"bogus.x": [1]})"), "\"bogus.x\" is not a hyper-parameter");
  expect_error(json::parse(R"({".": [1]})"), "\".\" is not a hyper-parameter");
  expect_error(json::parse(R"({"optimizer.lr.x": [1]})"), "\"optimizer.lr.x\" is not a hyper-parameter");
}

TEST(SearchSpace, FileContentInMessagesIsEscapedAndCutShort) {
  expect_error(json::parse("{\"\\u001b[31m\": [1]}"), "space: \"\\x1B[31m\" is not a hyper-parameter");
  const std::string long_value = parse_error(json{{"lr", {std::string(10000, 'x')}}});
  EXPECT_NE(long_value.find("... (10002 bytes)"), std::string::npos) << long_value;
  EXPECT_LT(long_value.size(), 300u);
}

TEST(SearchSpace, IntegerBoundsMustBeExactAndDrawable) {
  // 2^64 - 1 as a double does not fit int64: drawing from it was undefined behaviour.
  expect_error(json::parse(R"({"seed": {"int_uniform": [0, 18446744073709551615]}})"), "bounds within +-2^53");
  expect_error(json::parse(R"({"lr": {"uniform": [-1e308, 1e308]}})"), "difference is finite");
}

TEST(SearchSpace, AGridTooLargeToListIsRefusedUnlessOnlyItsFirstPointsAreTaken) {
  // 17 names of two values each: 131072 points from a file of a few hundred bytes.
  json j = json::object();
  for (const char* name : {"lr", "momentum", "weight_decay", "beta1", "beta2", "eps", "alpha", "dampening",
                           "lr_decay", "initial_accumulator_value", "damping", "gamma", "eta_min", "factor",
                           "max_lr", "l2", "val_fraction"})
    j[name] = {0.1, 0.2};
  const SearchSpace s = parse_search_space(j);
  try {
    (void)grid_points(s);
    FAIL() << "a grid of 131072 points must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("the grid has 131072 points, more than 100000"), std::string::npos)
        << e.what();
  }
  const std::vector<json> first = grid_points(s, 3);
  ASSERT_EQ(first.size(), 3u);
  // Names sort alphabetically and the last one, weight_decay, varies fastest.
  EXPECT_EQ(first[0]["weight_decay"], 0.1);
  EXPECT_EQ(first[1]["weight_decay"], 0.2);
  EXPECT_EQ(first[1]["val_fraction"], 0.1);
  EXPECT_EQ(first[2]["weight_decay"], 0.1);
  EXPECT_EQ(first[2]["val_fraction"], 0.2);
  EXPECT_EQ(first[2]["alpha"], 0.1);
}

TEST(SearchSpace, GridIsTheProductWithTheLastNameFastest) {
  const SearchSpace s = parse_search_space(json::parse(R"({"batch_size": [16, 32], "lr": [0.01, 0.1, 1]})"));
  const std::vector<json> g = grid_points(s);
  ASSERT_EQ(g.size(), 6u);
  EXPECT_EQ(g[0], json::parse(R"({"batch_size": 16, "lr": 0.01})"));
  EXPECT_EQ(g[1], json::parse(R"({"batch_size": 16, "lr": 0.1})"));
  EXPECT_EQ(g[5], json::parse(R"({"batch_size": 32, "lr": 1.0})"));
  const SearchSpace continuous = parse_search_space(json::parse(R"({"lr": {"uniform": [0, 1]}})"));
  try {
    (void)grid_points(continuous);
    FAIL() << "a grid over a continuous distribution must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("a grid search needs a list of values"), std::string::npos) << e.what();
  }
}

TEST(SearchSpace, RandomDrawsRepeatForASeedAndRespectTheBounds) {
  const SearchSpace s = parse_search_space(json::parse(R"({
    "lr": {"log_uniform": [1e-4, 1e-1]}, "momentum": {"uniform": [0.5, 0.99]},
    "epochs": {"int_uniform": [2, 4]}, "optimizer": {"choice": ["sgd", "adam"]}, "batch_size": [16, 64]
  })"));
  const std::vector<json> a = random_points(s, 2000, 7);
  EXPECT_EQ(a, random_points(s, 2000, 7));
  EXPECT_NE(a, random_points(s, 2000, 8));
  std::set<int64_t> epochs;
  std::set<std::string> optimizers;
  std::set<int64_t> batch_sizes;
  int below_1e3 = 0;  // log-uniform over 3 decades: about a third of the draws lie in the lowest one
  for (const json& p : a) {
    const double lr = p["lr"].get<double>(), m = p["momentum"].get<double>();
    EXPECT_TRUE(lr >= 1e-4 && lr <= 1e-1) << lr;
    EXPECT_TRUE(m >= 0.5 && m <= 0.99) << m;
    below_1e3 += lr < 1e-3;
    epochs.insert(p["epochs"].get<int64_t>());
    optimizers.insert(p["optimizer"].get<std::string>());
    batch_sizes.insert(p["batch_size"].get<int64_t>());
  }
  EXPECT_EQ(epochs, (std::set<int64_t>{2, 3, 4}));  // both ends included, nothing outside
  EXPECT_EQ(optimizers, (std::set<std::string>{"adam", "sgd"}));
  EXPECT_EQ(batch_sizes, (std::set<int64_t>{16, 64}));
  EXPECT_NEAR(below_1e3 / 2000.0, 1.0 / 3.0, 0.05);  // binomial sd ≈ 0.011
  EXPECT_THROW((void)random_points(s, 0, 7), std::invalid_argument);
}

}  // namespace
}  // namespace nabla::tune
