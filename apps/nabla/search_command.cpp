// `nabla search`: a grid or random search over a training config, one line per trial on stderr and the
// ranked trials with the winner's test result on stdout.
#include <cstdio>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include <nabla/tune/search.h>
#include <nabla/train/trainer.h>
#include <nabla/tune/search_report.h>

#include "boolean_flag.h"
#include "commands.h"
#include "interrupt.h"
#include "train_flags.h"

namespace nabla::cli {
namespace {

using nlohmann::json;

std::string params_text(const json& params) {
  std::string s;
  for (const auto& [name, value] : params.items())
    s += (s.empty() ? "" : " ") + name + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
  return s;
}

void print_trial_end(const tune::TrialResult& t, int64_t trials) {
  std::fprintf(stderr, "trial %lld/%lld: ", static_cast<long long>(t.trial), static_cast<long long>(trials));
  if (!t.ok)
    std::fprintf(stderr, "failed: %s\n", t.error.c_str());
  else
    std::fprintf(stderr, "best val loss %.4f (epoch %lld), val accuracy %.2f %%, %.1f s%s\n", t.best_val_loss,
                 static_cast<long long>(t.best_epoch), 100 * t.val_accuracy, t.seconds,
                 t.reused ? " (finished earlier)" : "");
}

void print_ranking(const tune::SearchResult& r) {
  std::printf("%4s %5s  %-13s %9s %6s %8s  %s\n", "rank", "trial", "best val loss", "val acc", "epochs", "seconds",
              "params");
  for (std::size_t k = 0; k < r.ranking.size(); ++k) {
    const tune::TrialResult& t = r.trials[r.ranking[k]];
    if (t.ok)
      std::printf("%4zu %5lld  %-13.4f %7.2f %% %6lld %8.1f  %s\n", k + 1, static_cast<long long>(t.trial),
                  t.best_val_loss, 100 * t.val_accuracy, static_cast<long long>(t.epochs), t.seconds,
                  params_text(t.params).c_str());
    else
      std::printf("%4zu %5lld  %-13s %9s %6s %8s  %s\n", k + 1, static_cast<long long>(t.trial), "failed", "", "",
                  "", params_text(t.params).c_str());
  }
  const tune::TrialResult& w = r.winner();
  std::printf("winner: trial %lld (%s)\ntest:   loss %.4f  accuracy %.2f %% on %lld samples\nwritten to %s\n",
              static_cast<long long>(w.trial), params_text(w.params).c_str(), r.test.loss, 100 * r.test.accuracy,
              static_cast<long long>(r.test.samples), r.out.string().c_str());
}

}  // namespace

void add_search_command(CLI::App& app) {
  auto overrides = std::make_shared<json>(json::object());
  auto config_file = std::make_shared<std::string>();
  auto space_file = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto mode = std::make_shared<std::string>("grid");
  auto trials = std::make_shared<int64_t>(0);
  auto search_seed = std::make_shared<std::optional<uint64_t>>();
  auto as_json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("search", "Grid or random search over hyper-parameters; the test set scores "
                                               "only the winner");
  cmd->add_option("--space", *space_file,
                  "JSON file: per hyper-parameter a list of values, or {\"log_uniform\": [a, b]}, "
                  "{\"uniform\": [a, b]}, {\"int_uniform\": [a, b]}, {\"choice\": [...]}")
      ->required();
  cmd->add_option("--mode", *mode, "grid (every combination) or random (seeded draws)")
      ->check(CLI::IsMember({"grid", "random"}))
      ->capture_default_str();
  cmd->add_option("--trials", *trials, "random: how many draws; grid: only the first N combinations (0: all)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, tune::kMaxTrials));
  cmd->add_option_function<uint64_t>(
      "--search-seed", [search_seed](const uint64_t& s) { *search_seed = s; },
      "seed of the random draws (default: --seed)");
  cmd->add_option("--out", *out, "folder of the search; run the same command again to continue it")->required();
  cmd->add_option("--config", *config_file, "JSON config file of the base run; flags override it");
  add_boolean_flag(cmd, "--json", *as_json, "print results.json");
  add_train_flags(cmd, overrides);
  cmd->callback([=] {
    const train::TrainConfig base = config_from_flags(*config_file, *overrides);
    const tune::SearchSpace space = tune::read_search_space(*space_file);
    tune::SearchOptions options{.mode = *mode == "random" ? tune::SearchMode::random : tune::SearchMode::grid,
                                 .trials = *trials,
                                 .space_name = *space_file,
                                 .seed = search_seed->value_or(base.seed),
                                 .out = *out};
    options.on_trial_start = [](const tune::TrialResult& t, int64_t total) {
      std::fprintf(stderr, "trial %lld/%lld: %s\n", static_cast<long long>(t.trial), static_cast<long long>(total),
                   params_text(t.params).c_str());
    };
    options.on_trial_end = print_trial_end;
    options.stop = stop_on_signal();
    std::optional<tune::SearchResult> result;
    try {
      result = tune::run_search(base, space, options);
    } catch (const train::TrainingInterrupted&) {
      throw Interrupted("");  // the same command continues the search
    }
    if (*as_json)
      std::cout << tune::search_results_json(*result).dump(2) << '\n';
    else
      print_ranking(*result);
  });
}

}  // namespace nabla::cli
