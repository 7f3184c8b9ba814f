// The optimizer and schedule factory: names, defaults, sentinels and errors.
#include <gtest/gtest.h>

#include <nabla/optim/adam.h>
#include <nabla/optim/adamw.h>
#include <nabla/optim/factory.h>
#include <nabla/optim/newton.h>
#include <nabla/optim/one_cycle_lr.h>
#include <nabla/optim/rmsprop.h>
#include <nabla/optim/sgd.h>

namespace nabla::optim {
namespace {

std::vector<Tensor> params() { return {Tensor::zeros({3}, DType::f64).set_requires_grad()}; }

TEST(Factory, DefaultsFollowPyTorch) {
  const std::pair<const char*, double> lrs[] = {{"sgd", 0.01},  {"momentum", 0.01}, {"nesterov", 0.01}, {"adagrad", 0.01},
                                                {"rmsprop", 0.01}, {"adam", 1e-3},   {"amsgrad", 1e-3},  {"adamw", 1e-3},
                                                {"lbfgs", 1},      {"newton", 1}};
  for (const auto& [name, lr] : lrs) {
    const auto opt = make_optimizer({.name = name}, params());
    EXPECT_EQ(opt->lr(), lr) << name;
  }
  const auto momentum = make_optimizer({.name = "momentum"}, params());
  EXPECT_EQ(dynamic_cast<SGD&>(*momentum).options().momentum, 0.9);
  EXPECT_FALSE(dynamic_cast<SGD&>(*momentum).options().nesterov);
  const auto nesterov = make_optimizer({.name = "nesterov"}, params());
  EXPECT_TRUE(dynamic_cast<SGD&>(*nesterov).options().nesterov);
  EXPECT_EQ(dynamic_cast<SGD&>(*make_optimizer({.name = "sgd"}, params())).options().momentum, 0);
  EXPECT_TRUE(dynamic_cast<Adam&>(*make_optimizer({.name = "amsgrad"}, params())).options().amsgrad);
  EXPECT_EQ(dynamic_cast<RMSprop&>(*make_optimizer({.name = "rmsprop"}, params())).options().momentum, 0);
  EXPECT_EQ(dynamic_cast<AdamW&>(*make_optimizer({.name = "adamw"}, params())).options().weight_decay, 0);
}

TEST(Factory, PassesOptionsThrough) {
  const auto opt = make_optimizer({.name = "adam", .lr = 0.5, .weight_decay = 0.1, .beta1 = 0.8, .eps = 1e-6}, params());
  const AdamOptions& o = dynamic_cast<Adam&>(*opt).options();
  EXPECT_EQ(o.lr, 0.5);
  EXPECT_EQ(o.beta1, 0.8);
  EXPECT_EQ(o.eps, 1e-6);
  EXPECT_EQ(o.weight_decay, 0.1);
  const auto newton = make_optimizer({.name = "newton", .line_search = "armijo", .damping = 0.3}, params());
  EXPECT_TRUE(dynamic_cast<Newton&>(*newton).options().line_search);
  EXPECT_EQ(dynamic_cast<Newton&>(*newton).options().damping, 0.3);
}

TEST(Factory, UnknownNamesListTheValidOnes) {
  try {
    (void)make_optimizer({.name = "adamax"}, params());
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("sgd, momentum, nesterov, adagrad, rmsprop, adam, amsgrad, adamw, lbfgs, newton"),
              std::string::npos)
        << e.what();
  }
  const auto opt = make_optimizer({}, params());
  EXPECT_THROW((void)make_schedule({.name = "linear"}, *opt), std::invalid_argument);
  EXPECT_THROW((void)make_optimizer({.name = "lbfgs", .line_search = "armijo"}, params()), std::invalid_argument);
}

TEST(Factory, Schedules) {
  const auto opt = make_optimizer({.name = "momentum", .lr = 0.2}, params());
  EXPECT_EQ(make_schedule({}, *opt), nullptr);
  EXPECT_EQ(make_schedule({.name = "step"}, *opt)->name(), "step");
  EXPECT_THROW((void)make_schedule({.name = "cosine"}, *opt), std::invalid_argument);
  EXPECT_EQ(make_schedule({.name = "cosine", .t_max = 5}, *opt)->name(), "cosine");
  EXPECT_TRUE(make_schedule({.name = "plateau"}, *opt)->needs_metric());
  EXPECT_THROW((void)make_schedule({.name = "onecycle"}, *opt), std::invalid_argument);
  const auto onecycle = make_schedule({.name = "onecycle", .total_steps = 10}, *opt);
  EXPECT_NEAR(opt->lr(), 0.2 / 25, 1e-15);  // max_lr defaults to the optimizer's rate
  EXPECT_NEAR(*opt->momentum(), 0.95, 1e-15);
  const auto adagrad = make_optimizer({.name = "adagrad"}, params());
  EXPECT_NO_THROW((void)make_schedule({.name = "onecycle", .total_steps = 10}, *adagrad));  // no momentum: not cycled
}

}  // namespace
}  // namespace nabla::optim
