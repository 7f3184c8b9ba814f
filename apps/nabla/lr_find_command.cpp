// `nabla lr-find`: learning rates for a training config from the Hessian's top eigenvalue and from a
// loss-versus-learning-rate sweep, printed and written as lr_find.json and lr_find.svg.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

#include <nabla/train/trainer.h>
#include <nabla/tune/lr_find.h>
#include <nabla/tune/lr_find_report.h>

#include "boolean_flag.h"
#include "commands.h"
#include "train_flags.h"

namespace nabla::cli {
namespace {

using nlohmann::json;

void print_result(const tune::LrFindResult& r, const std::filesystem::path& out) {
  const tune::HessianLr& h = r.hessian;
  std::printf("Hessian at the initial weights (%lld samples, %lld parameters): lambda_max %.6g after %lld "
              "iterations%s\n",
              static_cast<long long>(h.samples), static_cast<long long>(r.parameters), h.eigen.lambda_max,
              static_cast<long long>(h.eigen.iterations), h.eigen.converged ? "" : " (not converged)");
  if (std::isfinite(h.stability_bound))
    std::printf("  gradient descent is stable below lr 2/lambda_max = %.4g; suggested lr 1/lambda_max = %.4g\n",
                h.stability_bound, h.suggested_lr);
  else
    std::printf("  no positive curvature: the Hessian sets no bound on the learning rate\n");
  const tune::LrSweep& s = r.sweep;
  std::printf("Sweep with %s over %zu steps from lr %.3g to %.3g%s\n", r.optimizer.c_str(), s.lrs.size(),
              s.lrs.front(), s.lrs.back(), s.exploded ? ", stopped when the loss exploded" : "");
  std::printf("  steepest descent at lr %.4g; lowest smoothed loss at lr %.4g (a tenth: %.4g)\n", s.steepest_lr,
              s.min_loss_lr, s.min_loss_lr / 10);
  std::printf("  suggested lr %.4g\nwritten to %s and %s\n", s.suggested_lr, (out / "lr_find.json").string().c_str(),
              (out / "lr_find.svg").string().c_str());
}

// The training flags that only a run reads: lr-find sweeps the learning rate itself over --steps minibatches,
// one at a time, in one process.
const std::set<std::string> kRunOnlyFlags = {"--lr",         "--epochs",     "--schedule",
                                             "--step-size",  "--gamma",      "--early-stopping",
                                             "--accumulate", "--sync-bn",    "--limit-test",
                                             "--augment",    "--tta",        "--precision"};

// The folder of a run of lr-find without --out: runs/lr-find-<model>-<UTC time>, named as train names its runs.
std::filesystem::path default_out(train::TrainConfig config) {
  config.out.clear();
  return std::filesystem::path("runs") / ("lr-find-" + train::resolve_run_dir(config).filename().string());
}

}  // namespace

void add_lr_find_command(CLI::App& app) {
  auto overrides = std::make_shared<json>(json::object());
  auto config_file = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto options = std::make_shared<tune::LrFindOptions>();
  auto as_json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "lr-find", "Learning rates from the Hessian's top eigenvalue (stable below 2/lambda_max) and a loss sweep");
  cmd->add_option("--config", *config_file, "JSON config file; flags override it");
  cmd->add_option("--out", *out, "folder for lr_find.json and lr_find.svg (default runs/lr-find-<model>-<time>)");
  // Bounded so that no flag makes the command run for days.
  cmd->add_option("--samples", options->hessian_samples, "training samples of the Hessian's batch")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 20));
  cmd->add_option("--power-iterations", options->power.max_iterations, "most power iterations")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{10'000}));
  cmd->add_option("--tolerance", options->power.tolerance, "relative change of lambda_max that stops the iteration")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--start-lr", options->sweep.start_lr, "first learning rate of the sweep")->capture_default_str();
  cmd->add_option("--end-lr", options->sweep.end_lr, "last learning rate of the sweep")->capture_default_str();
  cmd->add_option("--steps", options->sweep.steps, "minibatches of the sweep")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{2}, int64_t{100'000}));
  add_boolean_flag(cmd, "--json", *as_json, "print lr_find.json");
  add_train_flags(cmd, overrides, kRunOnlyFlags);
  // Not listed in --help, but refused with the reason rather than as unknown flags.
  for (const std::string& flag : kRunOnlyFlags)
    cmd->add_option_function<std::string>(flag, [flag](const std::string&) {
         throw CLI::ValidationError(flag, "lr-find does not use it: it trains no run; it sweeps the learning rate from "
                                          "--start-lr to --end-lr over --steps minibatches");
       })
        ->expected(0, 1)
        ->group("");
  cmd->callback([=] {
    const train::TrainConfig config = config_from_flags(*config_file, *overrides);
    options->power.seed = config.seed;
    const tune::LrFindResult r = tune::lr_find(config, *options);
    const std::filesystem::path dir = out->empty() ? default_out(config) : std::filesystem::path(*out);
    tune::write_lr_find(dir, r);
    if (*as_json)
      std::cout << tune::lr_find_json(r).dump(2) << '\n';
    else
      print_result(r, dir);
  });
}

}  // namespace nabla::cli
