// Training configs: every value checked for type and range with an error that names the key and its
// source, fields the optimizer ignores refused when a person gives them, defaults resolved into the
// effective values that config.json shows, and configs of earlier versions still read.
#include <gtest/gtest.h>

#include <nabla/io/atomic_file.h>
#include <nabla/train/config_fields.h>
#include <nabla/train/train_config.h>

#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

using nlohmann::json;

// The message config_from_json throws for j, or "" when it is accepted.
std::string error_of(const json& j, ConfigOrigin origin = ConfigOrigin::person) {
  try {
    (void)config_from_json(j, {}, origin);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(TrainConfig, ValuesOutOfRangeNameTheKeyAndTheRange) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::pair<json, std::string> cases[] = {
      {{{"optimizer", {{"lr", 0}}}}, "config: optimizer.lr: must be a finite number > 0, not 0"},
      {{{"optimizer", {{"lr", -1}}}}, "config: optimizer.lr: must be a finite number > 0, not -1"},
      {{{"optimizer", {{"lr", inf}}}}, "config: optimizer.lr: must be a finite number > 0, not inf"},
      {{{"optimizer", {{"name", "sgd"}, {"momentum", 1.5}}}},
       "config: optimizer.momentum: must be a number in [0, 1), not 1.5"},
      {{{"epochs", 0}}, "config: epochs: must be a whole number in [1, 1000000], not 0"},
      {{{"epochs", 1e300}}, "config: epochs: must be a whole number in [1, 1000000], not 1e+300"},
      {{{"val_fraction", 1.5}}, "config: val_fraction: must be a number in (0, 1), not 1.5"},
      {{{"batch_size", 3.7}}, "config: batch_size: must be a whole number in [1, 1048576], not 3.7"},
      {{{"seed", -1}}, "config: seed: must be a whole number in [0, 18446744073709551615], not -1"},
      {{{"threads", 1e10}}, "config: threads: must be a whole number in [0, 1024], not 10000000000"},
      {{{"epochs", "3"}}, "config: epochs: must be a whole number in [1, 1000000], not \"3\""},
      {{{"normalize", 1}}, "config: normalize: must be true or false, not 1"},
      {{{"optimizer", {{"name", "adma"}}}}, "config: optimizer.name: must be one of sgd, momentum, nesterov, adagrad, "
                                            "rmsprop, adam, amsgrad, adamw, lbfgs, newton, not \"adma\" (did you mean adam?)"},
      {{{"optimizer", "sgd"}}, "config: optimizer: must be a JSON object of optimizer options, not \"sgd\""},
      {{{"init", "he"}}, "config: init: must be one of xavier, kaiming, not \"he\""},
      {{{"schedule", {{"name", "step"}, {"gamma", 0}}}}, "config: schedule.gamma: must be a number in (0, 1], not 0"},
  };
  for (const auto& [j, message] : cases) EXPECT_EQ(error_of(j), message) << j.dump();
}

TEST(TrainConfig, WholeNumbersWrittenAsRealsAreAccepted) {
  const TrainConfig c = config_from_json({{"epochs", 3.0}, {"seed", 18446744073709551615ull}});
  EXPECT_EQ(c.epochs, 3);
  EXPECT_EQ(c.seed, 18446744073709551615ull);
}

TEST(TrainConfig, UnknownKeysSuggestTheNearestOne) {
  EXPECT_EQ(error_of({{"epochz", 3}}), "config: epochz: unknown key (did you mean epochs?)");
  EXPECT_EQ(error_of({{"lr", 0.1}}), "config: lr: unknown key (did you mean optimizer.lr?)");
  EXPECT_EQ(error_of({{"optimizer", {{"lrr", 0.1}}}}), "config: optimizer.lrr: unknown key (did you mean optimizer.lr?)");
  EXPECT_EQ(error_of({{"colour", 3}}), "config: colour: unknown key");
}

TEST(TrainConfig, AFieldTheOptimizerIgnoresIsAnErrorWhenAPersonGivesIt) {
  EXPECT_EQ(error_of({{"optimizer", {{"momentum", 0.9}}}}),
            "config: optimizer.momentum: adam has no momentum; its options are lr, beta1, beta2, eps, weight_decay, "
            "amsgrad");
  EXPECT_EQ(error_of({{"schedule", {{"gamma", 0.5}}}}),
            "config: schedule.gamma: schedule cosine has no gamma; its options are t_max, eta_min");
  EXPECT_EQ(error_of({{"schedule", {{"name", "none"}, {"eta_min", 0.1}}}}),
            "config: schedule.eta_min: schedule none has no eta_min (it has no options)");
  // A search trial may set what its optimizer ignores: a space can mix optimizers.
  EXPECT_EQ(error_of({{"optimizer", {{"momentum", 0.9}}}}, ConfigOrigin::trial), "");
}

TEST(TrainConfig, ContradictionsNameTheKeyToChange) {
  EXPECT_EQ(error_of({{"optimizer", {{"name", "nesterov"}, {"momentum", 0}}}}),
            "config: optimizer.momentum: Nesterov momentum needs momentum > 0, not 0");
  EXPECT_EQ(error_of({{"optimizer", {{"name", "lbfgs"}, {"line_search", "armijo"}}}}),
            "config: optimizer.line_search: must be \"\" (none) or strong_wolfe for lbfgs, not \"armijo\"");
}

TEST(TrainConfig, LayersNameTheirKeysAndLaterOnesWin) {
  const auto dir = testing::fresh_dir("config_layers");
  io::write_file_atomic(dir / "run.json", R"({"epochs": 4, "optimizer": {"name": "sgd", "momentum": 0.9}})");
  const ConfigLayer file = file_layer(dir / "run.json");
  const ConfigLayer flags{json{{"epochs", 2}}, [](const std::string& key) { return "--" + key; }};
  const TrainConfig c = config_from_layers({file, flags});
  EXPECT_EQ(c.epochs, 2);
  EXPECT_EQ(c.optimizer.momentum, 0.9);
  const ConfigLayer to_adam{json{{"optimizer", {{"name", "adam"}}}}, [](const std::string& key) { return "--" + key; }};
  try {
    (void)config_from_layers({file, to_adam});
    FAIL() << "momentum with adam accepted";
  } catch (const std::invalid_argument& e) {
    // The key is named where it was given: in the file.
    EXPECT_EQ(std::string(e.what()).rfind((dir / "run.json").string() + ": optimizer.momentum: adam has no momentum", 0),
              0u)
        << e.what();
  }
  io::write_file_atomic(dir / "huge.json", R"({"optimizer": {"name": "sgd", "lr": 1e999}})");
  try {
    (void)config_from_layers({file_layer(dir / "huge.json")});
    FAIL() << "lr 1e999 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "huge.json").string() + ": optimizer.lr: the number 1e999 is out of range "
                                                                      "(a number's magnitude must stay below 1.8e308)");
  }
  io::write_file_atomic(dir / "bad.json", R"({"batch_size": 3.7})");
  try {
    (void)config_from_layers({file_layer(dir / "bad.json")});
    FAIL() << "batch_size 3.7 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "bad.json").string() +
                                         ": batch_size: must be a whole number in [1, 1048576], not 3.7");
  }
}

TEST(TrainConfig, EffectiveConfigResolvesEveryDefaultAndWritesOnlyFieldsInUse) {
  const json adam = to_json(effective_config(TrainConfig{}, 100));
  EXPECT_EQ(adam["optimizer"], (json{{"name", "adam"}, {"lr", 0.001}, {"beta1", 0.9}, {"beta2", 0.999},
                                     {"eps", 1e-8}, {"weight_decay", 0.0}, {"amsgrad", false}}));
  EXPECT_EQ(adam["schedule"], (json{{"name", "cosine"}, {"t_max", 8}, {"eta_min", 0.0}}));
  TrainConfig c;
  c.optimizer.name = "momentum";
  c.schedule.name = "onecycle";
  c.epochs = 3;
  const json sgd = to_json(effective_config(c, 10));
  EXPECT_EQ(sgd["optimizer"], (json{{"name", "momentum"}, {"lr", 0.01}, {"momentum", 0.9}, {"dampening", 0.0},
                                    {"nesterov", false}, {"weight_decay", 0.0}}));
  EXPECT_EQ(sgd["schedule"], (json{{"name", "onecycle"}, {"max_lr", 0.01}, {"total_steps", 30}}));
  // As given, the defaults left to the optimizer and the run stay unset.
  EXPECT_FALSE(to_json(c)["optimizer"].contains("lr"));
  EXPECT_FALSE(to_json(c)["schedule"].contains("total_steps"));
  // Read back, the effective config is the same config.
  const TrainConfig back = config_from_json(sgd);
  EXPECT_EQ(to_json(effective_config(back, 10)), sgd);
}

TEST(TrainConfig, ConfigsOfEarlierVersionsReadBackAsSaved) {
  // Every field, with -1 and 0 standing for "the default", as config.json was written before.
  const json old = json::parse(R"({"data": "fashion-mnist", "model": "mlp", "loss": "cross_entropy",
    "optimizer": {"name": "adam", "lr": -1.0, "momentum": -1.0, "dampening": 0.0, "nesterov": false,
      "weight_decay": 0.0, "beta1": 0.9, "beta2": 0.999, "eps": -1.0, "amsgrad": false, "alpha": 0.99,
      "centered": false, "lr_decay": 0.0, "initial_accumulator_value": 0.0, "history_size": 100, "max_iter": 20,
      "line_search": "", "damping": 0.0},
    "schedule": {"name": "cosine", "step_size": 10, "gamma": 0.1, "t_max": 0, "eta_min": 0.0, "factor": 0.1,
      "patience": 10, "max_lr": -1.0, "total_steps": 0},
    "batch_size": 64, "epochs": 3, "val_fraction": 0.1, "test_fraction": 0.2, "seed": 0, "threads": 0,
    "early_stopping": 0, "l2": 0.0, "normalize": false, "limit_train": 0, "limit_test": 0, "out": "runs/x"})");
  const TrainConfig c = config_from_json(old, {}, ConfigOrigin::saved);
  EXPECT_FALSE(c.optimizer.lr.has_value());
  EXPECT_EQ(to_json(effective_config(c, 1))["optimizer"]["lr"], 0.001);
  EXPECT_EQ(to_json(effective_config(c, 1))["schedule"]["t_max"], 3);
  // Given by a person, the same file is refused: -1 is no learning rate.
  EXPECT_EQ(error_of(old), "config: optimizer.eps: must be a finite number > 0, not -1");
}

TEST(TrainConfig, ValidateChecksConfigsBuiltInCode) {
  TrainConfig c;
  EXPECT_NO_THROW(validate(c));
  c.optimizer.lr = -1;
  EXPECT_THROW(validate(c), std::invalid_argument);
  c.optimizer.lr = 0.1;
  c.epochs = 0;
  EXPECT_THROW(validate(c), std::invalid_argument);
}

TEST(TrainConfig, WholeNumbersFromOtherFilesAreBounded) {
  EXPECT_EQ(whole_number(json(5), 0, 10, "epoch"), 5);
  EXPECT_EQ(whole_number(json(5.0), 0, 10, "epoch"), 5);
  for (const json& bad : {json(1e300), json(-1), json(2.5), json("5"), json(11)}) {
    try {
      (void)whole_number(bad, 0, 10, "epoch");
      FAIL() << bad.dump();
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).rfind("epoch: must be a whole number in [0, 10], not ", 0), 0u) << e.what();
    }
  }
}

}  // namespace
}  // namespace nabla::train
