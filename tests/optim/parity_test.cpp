// Parity with torch.optim 1.13: every optimizer's trajectory on the quadratic, Rosenbrock and MLP
// fixtures (tests/reference/make_optim_fixtures.py) agrees to the fixture's rtol (1e-5) in float64.
#include <gtest/gtest.h>

#include <nabla/tensor/threads.h>

#include "fixture_problem.h"

namespace nabla::optim::testing {
namespace {

constexpr double kAtol = 1e-12;  // floor for values that converge to zero

class Parity : public ::testing::TestWithParam<std::string> {};

TEST_P(Parity, TrajectoriesMatchPyTorch) {
  const nlohmann::json fixture = load_fixture("optim_" + GetParam() + ".json");
  const int steps = fixture.at("steps");
  const int every = fixture.at("record_every");
  const double rtol = fixture.at("rtol");
  ASSERT_GE(steps, 50);
  for (const nlohmann::json& c : fixture.at("cases")) {
    SCOPED_TRACE(GetParam() + "/" + c.at("name").get<std::string>());
    Problem problem = make_problem(fixture);
    // A case that maximizes climbs −f (see the fixture script).
    const bool negate = c.at("options").value("maximize", false);
    std::unique_ptr<Optimizer> opt = make_case_optimizer(c, problem.params);
    const Closure closure = make_closure(*opt, [&] { return negate ? -problem.loss() : problem.loss(); });
    const auto& losses = c.at("loss");
    const auto& trajectory = c.at("trajectory");
    std::vector<double> actual_losses;
    for (int k = 1; k <= steps; ++k) {
      actual_losses.push_back(opt->step(closure).item());
      if (k % every != 0) continue;
      const std::string report = compare(flat_values(problem.params),
                                         trajectory.at(k / every - 1).get<std::vector<double>>(), rtol, kAtol);
      ASSERT_EQ(report, "") << "parameters after step " << k;
    }
    EXPECT_EQ(compare(actual_losses, losses.get<std::vector<double>>(), rtol, kAtol), "") << "losses";
  }
}

INSTANTIATE_TEST_SUITE_P(Problems, Parity, ::testing::Values("quadratic", "rosenbrock", "mlp"));

}  // namespace
}  // namespace nabla::optim::testing
