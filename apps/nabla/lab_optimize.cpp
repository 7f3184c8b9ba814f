// `nabla lab optimize`: runs one optimizer on a test function and prints its iterates.
#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include <nabla/optim/lab/optimize.h>

#include "boolean_flag.h"
#include "commands.h"
#include "lab_flags.h"

namespace nabla::cli {
namespace {

struct OptimizeFlags {
  std::string function = "rosenbrock";
  std::vector<double> lambdas, x0;
  optim::OptimizerConfig config{.name = "sgd"};
  int steps = 100;
  bool json = false;
};

void print_table(const optim::lab::OptimizeRun& run) {
  std::printf("%6s  %-40s  %s\n", "step", "x", "f(x)");
  for (std::size_t k = 0; k < run.iterates.size(); ++k) {
    std::string x;
    for (double v : run.iterates[k]) x += (x.empty() ? "" : ", ") + std::to_string(v);
    std::printf("%6zu  %-40s  %.10g\n", k, x.c_str(), run.values[k]);
  }
  if (run.diverged) std::printf("diverged: stopped at the first non-finite iterate\n");
}

}  // namespace

void add_lab_optimize_command(CLI::App& lab) {
  auto flags = std::make_shared<OptimizeFlags>();
  CLI::App* cmd = lab.add_subcommand("optimize", "Run an optimizer on a test function and print its iterates");
  cmd->add_option("--function", flags->function, "quadric, rosenbrock or beale")->capture_default_str();
  cmd->add_option("--lambdas", flags->lambdas, "L1,L2,…: the quadric's eigenvalues (default 1,10)")->delimiter(',');
  cmd->add_option("--x0", flags->x0, "A,B[,…]: the start (default: the function's customary start)")->delimiter(',');
  cmd->add_option("--optimizer", flags->config.name,
                  "sgd, momentum, nesterov, adagrad, rmsprop, adam, amsgrad, adamw, lbfgs or newton")
      ->capture_default_str();
  add_optimizer_flags(cmd, flags->config);
  cmd->add_option("--steps", flags->steps, "step() calls (one L-BFGS step runs up to --max-iter iterations)")
      ->capture_default_str();
  add_boolean_flag(cmd, "--json", flags->json, R"(print {"iterates": [[x0…], …], "values": [f(x0), …]})");
  cmd->callback([flags] {
    const optim::lab::Objective f(flags->function, flags->lambdas);
    const std::vector<double> x0 = flags->x0.empty() ? f.default_start() : flags->x0;
    const optim::lab::OptimizeRun run = optim::lab::optimize(f, x0, flags->config, flags->steps);
    if (!flags->json) return print_table(run);
    const nlohmann::json out = {{"function", f.name()},       {"optimizer", flags->config.name},
                                {"iterates", run.iterates},   {"values", run.values},
                                {"diverged", run.diverged}};
    std::cout << out.dump() << '\n';
  });
}

}  // namespace nabla::cli
