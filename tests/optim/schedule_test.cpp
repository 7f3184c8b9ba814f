// Learning-rate schedules against torch.optim.lr_scheduler 1.13 (tests/reference/optim_schedules.json):
// the rate (and one-cycle's momentum) after construction and after every step, to 1e-12 relative.
#include <gtest/gtest.h>

#include <nabla/optim/cosine_annealing_lr.h>
#include <nabla/optim/one_cycle_lr.h>
#include <nabla/optim/reduce_lr_on_plateau.h>
#include <nabla/optim/step_lr.h>

#include "fixture_problem.h"

namespace nabla::optim::testing {
namespace {

constexpr double kRtol = 1e-12;

std::unique_ptr<LRScheduler> make_fixture_schedule(const nlohmann::json& s, Optimizer& opt) {
  const std::string name = s.at("name");
  const nlohmann::json& o = s.at("options");
  if (name == "step") return std::make_unique<StepLR>(opt, StepLROptions{.step_size = o.at("step_size"), .gamma = o.at("gamma")});
  if (name.starts_with("cosine"))
    return std::make_unique<CosineAnnealingLR>(opt, CosineAnnealingLROptions{.t_max = o.at("t_max"), .eta_min = o.at("eta_min")});
  if (name.starts_with("plateau")) {
    ReduceLROnPlateauOptions p;
    p.factor = o.value("factor", p.factor);
    p.patience = o.value("patience", p.patience);
    p.threshold = o.value("threshold", p.threshold);
    p.cooldown = o.value("cooldown", p.cooldown);
    p.min_lr = o.value("min_lr", p.min_lr);
    return std::make_unique<ReduceLROnPlateau>(opt, p);
  }
  OneCycleLROptions c{.max_lr = o.at("max_lr"), .total_steps = o.at("total_steps")};
  c.three_phase = o.value("three_phase", false);
  c.pct_start = o.value("pct_start", c.pct_start);
  return std::make_unique<OneCycleLR>(opt, c);
}

struct Sequence {
  std::vector<double> lrs, momenta;
};

// Runs the schedule as the fixture script does: SGD(lr 0.1, momentum 0.9), then optimizer.step()
// and schedule.step() (with the next metric for plateau) per epoch.
Sequence run(const nlohmann::json& s, int steps) {
  Tensor p = Tensor::zeros({1}, DType::f64).set_requires_grad();
  SGD sgd({p}, {.lr = 0.1, .momentum = 0.9});
  std::unique_ptr<LRScheduler> schedule = make_fixture_schedule(s, sgd);
  Sequence seq{{sgd.lr()}, {*sgd.momentum()}};
  for (int k = 0; k < steps; ++k) {
    sgd.step();
    if (schedule->needs_metric())
      schedule->step(s.at("metrics").at(k).get<double>());
    else
      schedule->step();
    EXPECT_EQ(schedule->lr(), sgd.lr());
    seq.lrs.push_back(sgd.lr());
    seq.momenta.push_back(*sgd.momentum());
  }
  return seq;
}

TEST(Schedules, MatchPyTorch) {
  const nlohmann::json fixture = load_fixture("optim_schedules.json");
  for (const nlohmann::json& s : fixture.at("schedules")) {
    SCOPED_TRACE(s.at("name").get<std::string>());
    const auto expected_lrs = s.at("lr").get<std::vector<double>>();
    ASSERT_GE(expected_lrs.size(), 31u);
    const Sequence seq = run(s, static_cast<int>(expected_lrs.size()) - 1);
    EXPECT_EQ(compare(seq.lrs, expected_lrs, kRtol, 0), "") << "learning rates";
    EXPECT_EQ(compare(seq.momenta, s.at("momentum").get<std::vector<double>>(), kRtol, 0), "") << "momenta";
  }
}

TEST(Schedules, OneCycleRefusesToStepPastTotalSteps) {
  Tensor p = Tensor::zeros({1}, DType::f64).set_requires_grad();
  SGD sgd({p}, {.momentum = 0.9});
  OneCycleLR schedule(sgd, {.max_lr = 1, .total_steps = 5});
  for (int k = 0; k < 5; ++k) schedule.step();
  EXPECT_THROW(schedule.step(), std::invalid_argument);
}

TEST(Schedules, OneCycleNeedsAMomentumToCycle) {
  Tensor p = Tensor::zeros({1}, DType::f64).set_requires_grad();
  Adagrad adagrad({p});
  EXPECT_THROW(OneCycleLR(adagrad, {.max_lr = 1, .total_steps = 5}), std::invalid_argument);
  OneCycleLR without(adagrad, {.max_lr = 1, .total_steps = 5, .cycle_momentum = false});
  EXPECT_NEAR(adagrad.lr(), 1.0 / 25, 1e-15);  // max_lr / div_factor, through the cosine at pct 0
}

TEST(Schedules, PlateauNeedsItsMetric) {
  Tensor p = Tensor::zeros({1}, DType::f64).set_requires_grad();
  SGD sgd({p});
  ReduceLROnPlateau plateau(sgd);
  EXPECT_TRUE(plateau.needs_metric());
  EXPECT_THROW(plateau.step(), std::invalid_argument);
  StepLR step(sgd, {});
  EXPECT_THROW(step.step(1.0), std::invalid_argument);
}

TEST(Schedules, RestoredScheduleContinuesExactly) {
  const nlohmann::json fixture = load_fixture("optim_schedules.json");
  for (const nlohmann::json& s : fixture.at("schedules")) {
    if (!s.contains("metrics") && !s.at("name").get<std::string>().starts_with("cosine")) continue;
    SCOPED_TRACE(s.at("name").get<std::string>());
    const auto step = [&](LRScheduler& schedule, int k) {
      if (schedule.needs_metric())
        schedule.step(s.at("metrics").at(k).get<double>());
      else
        schedule.step();
    };
    Tensor p = Tensor::zeros({1}, DType::f64).set_requires_grad();
    SGD a({p}, {.lr = 0.1});
    std::unique_ptr<LRScheduler> first = make_fixture_schedule(s, a);
    for (int k = 0; k < 17; ++k) step(*first, k);
    const OptimizerState saved_schedule = first->state_dict();
    const OptimizerState saved_optimizer = a.state_dict();
    for (int k = 17; k < 35; ++k) step(*first, k);

    SGD b({p}, {.lr = 0.1});
    std::unique_ptr<LRScheduler> second = make_fixture_schedule(s, b);
    b.load_state_dict(saved_optimizer);
    second->load_state_dict(saved_schedule);
    for (int k = 17; k < 35; ++k) step(*second, k);
    EXPECT_EQ(b.lr(), a.lr());
    EXPECT_EQ(second->last_epoch(), first->last_epoch());
  }
}

}  // namespace
}  // namespace nabla::optim::testing
