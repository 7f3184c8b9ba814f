// `nabla lab quadric`: convergence rate on ½wᵀdiag(λ)w, measured with the real optimizer, beside theory.
#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include <nabla/optim/lab/quadric_rate.h>

#include "boolean_flag.h"
#include "commands.h"

namespace nabla::cli {
namespace {

nlohmann::json to_json(const optim::lab::QuadricReport& r) {
  nlohmann::json out = {{"condition_number", r.condition_number}, {"lr", r.lr},
                        {"momentum", r.momentum},                 {"measured_rate", r.measured_rate},
                        {"theoretical_rate", nullptr},            {"converges", r.converges},
                        {"optimal", nullptr},                     {"steps", r.steps}};
  if (r.theoretical_rate) out["theoretical_rate"] = *r.theoretical_rate;
  if (r.optimal) out["optimal"] = {{"lr", r.optimal->lr}, {"momentum", r.optimal->momentum}, {"rate", r.optimal->rate}};
  return out;
}

void print_text(const optim::lab::QuadricReport& r) {
  std::printf("condition number  %.6g\n", r.condition_number);
  std::printf("lr %.6g, momentum %.6g, %d steps\n", r.lr, r.momentum, r.steps);
  std::printf("measured rate     %.6g\n", r.measured_rate);
  if (r.theoretical_rate)
    std::printf("theoretical rate  %.6g\n", *r.theoretical_rate);
  else
    std::printf("theoretical rate  (no theory for this optimizer)\n");
  std::printf("converges         %s\n", r.converges ? "yes" : "no");
  if (r.optimal)
    std::printf("optimal           lr %.6g, momentum %.6g, rate %.6g\n", r.optimal->lr, r.optimal->momentum,
                r.optimal->rate);
}

}  // namespace

void add_lab_quadric_command(CLI::App& lab) {
  auto e = std::make_shared<optim::lab::QuadricExperiment>();
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = lab.add_subcommand("quadric", "Measured against theoretical convergence rate on 1/2 w'diag(lambda)w");
  cmd->add_option("--lambdas", e->lambdas, "L1,…,Ln: the eigenvalues (all > 0)")->delimiter(',')->required();
  cmd->add_option("--optimizer", e->optimizer, "sgd, momentum, nesterov, newton, adagrad, rmsprop, adam or amsgrad")
      ->capture_default_str();
  cmd->add_option("--lr", e->lr, "learning rate alpha (default: the optimizer's)");
  cmd->add_option("--momentum", e->momentum, "momentum beta (momentum, nesterov: default 0.9)");
  add_boolean_flag(cmd, "--optimal", e->optimal, "run at the optimal alpha* (and beta*) of theory");
  cmd->add_option("--steps", e->steps, "at most this many steps (stops before float64 underflow)")->capture_default_str();
  add_boolean_flag(cmd, "--json", *json, "print one JSON object");
  cmd->callback([e, json] {
    const optim::lab::QuadricReport report = optim::lab::run_quadric(*e);
    if (*json)
      std::cout << to_json(report).dump(2) << '\n';
    else
      print_text(report);
  });
}

}  // namespace nabla::cli
