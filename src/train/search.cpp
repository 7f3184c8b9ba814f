// The search loop: claim the folder, run or read back each trial, rank, and test the winner once.
#include <nabla/train/search.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include <nabla/io/atomic_file.h>
#include <nabla/train/checkpoint.h>
#include <nabla/train/saved_run.h>
#include <nabla/train/search_report.h>
#include <nabla/train/trainer.h>

namespace nabla::train {
namespace {

using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::filesystem::path trial_dir(const std::filesystem::path& out, int64_t trial) {
  char name[32];
  std::snprintf(name, sizeof name, "trial-%03lld", static_cast<long long>(trial));
  return out / name;
}

// What makes two searches the same: a folder continues only the search it was started with. threads
// and out change no result, so they are left out.
json search_setup(const TrainConfig& base, const SearchSpace& space, const SearchOptions& o) {
  json b = to_json(base);
  b.erase("out");
  b.erase("threads");
  return {{"mode", o.mode == SearchMode::grid ? "grid" : "random"},
          {"seed", o.seed},
          {"trials", o.trials},
          {"space", to_json(space)},
          {"base", b}};
}

// Writes search.json into a new or empty folder, or checks that the one there is this search's.
void claim_folder(const std::filesystem::path& out, const json& setup) {
  const std::filesystem::path file = out / "search.json";
  if (std::filesystem::exists(file)) {
    if (read_config_file(file) != setup)
      throw std::invalid_argument(out.string() + " holds another search (see its search.json); give the same "
                                  "config, space, mode, trials and seed to continue it, or choose another --out");
    return;
  }
  if (std::filesystem::exists(out) && !std::filesystem::is_empty(out))
    throw std::invalid_argument(out.string() + " is not empty and holds no search.json; choose another --out");
  std::filesystem::create_directories(out);
  io::write_file_atomic(file, setup.dump(2) + "\n");
}

std::vector<json> trial_points(const SearchSpace& space, const SearchOptions& o) {
  if (o.mode == SearchMode::random) return random_points(space, o.trials, o.seed);
  if (o.trials < 0) throw std::invalid_argument("search: trials must be >= 0, not " + std::to_string(o.trials));
  return grid_points(space, o.trials);
}

// Trains one trial (resuming it when an earlier call left a checkpoint) and records it in trial.json.
// A run that fails (divergence, most often) is a result of the search, not the end of it.
void run_trial(TrialResult& t, const TrainConfig& config, const std::shared_ptr<ProgressReporter>& progress) {
  const bool resume = std::filesystem::exists(checkpoint_path(t.dir));
  try {
    const TrainResult r =
        run_training(config, {.resume = resume, .progress = progress, .evaluate_test = false});
    t.ok = true;
    t.best_val_loss = std::numeric_limits<double>::infinity();
    for (const EpochRecord& e : r.history.epochs) t.best_val_loss = std::min(t.best_val_loss, e.val_loss);
    t.best_epoch = r.best_epoch;
    t.val_loss = r.validation.loss;
    t.val_accuracy = r.validation.accuracy;
    t.epochs = static_cast<int64_t>(r.history.epochs.size());
    for (const EpochRecord& e : r.history.epochs) t.seconds += e.seconds;
  } catch (const std::runtime_error& e) {
    t.ok = false;
    t.error = e.what();
    t.best_val_loss = t.val_loss = t.val_accuracy = kNaN;
  }
  io::write_file_atomic(t.dir / "trial.json", trial_json(t).dump(2) + "\n");
}

// Trial indices, best first: finished trials by best validation loss (ties to the earlier trial), then
// the failed ones.
std::vector<std::size_t> rank_trials(const std::vector<TrialResult>& trials) {
  std::vector<std::size_t> order(trials.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto failed = [&](std::size_t i) { return !trials[i].ok || !std::isfinite(trials[i].best_val_loss); };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (failed(a) != failed(b)) return failed(b);
    return !failed(a) && trials[a].best_val_loss < trials[b].best_val_loss;
  });
  return order;
}

}  // namespace

SearchResult run_search(const TrainConfig& base, const SearchSpace& space, const SearchOptions& options) {
  if (options.out.empty()) throw std::invalid_argument("search: an output folder (--out) is required");
  const std::vector<json> points = trial_points(space, options);
  claim_folder(options.out, search_setup(base, space, options));
  const std::shared_ptr<ProgressReporter> progress =
      options.progress ? options.progress : make_progress(ProgressStyle::quiet);
  SearchResult result{.out = options.out};
  const auto total = static_cast<int64_t>(points.size());
  for (int64_t i = 0; i < total; ++i) {
    const int64_t trial = i + 1;
    const std::filesystem::path dir = trial_dir(options.out, trial);
    TrialResult t;
    if (std::filesystem::exists(dir / "trial.json")) {
      t = trial_from_json(read_config_file(dir / "trial.json"), dir);
    } else {
      t = {.trial = trial, .dir = dir, .params = points[static_cast<std::size_t>(i)]};
      TrainConfig config = apply_point(base, space, t.params);
      config.out = dir.string();
      if (options.on_trial_start) options.on_trial_start(t, total);
      run_trial(t, config, progress);
    }
    if (options.on_trial_end) options.on_trial_end(t, total);
    result.trials.push_back(std::move(t));
  }
  result.ranking = rank_trials(result.trials);
  const TrialResult& winner = result.winner();
  if (!winner.ok || !std::isfinite(winner.best_val_loss)) throw std::runtime_error("search: every trial failed; trial 1: " + result.trials[0].error);
  // The test set's one use in the whole search.
  const EvalOutcome tested = evaluate_saved_run(winner.dir, std::nullopt, options.out / "winner");
  result.test = tested.evaluation;
  result.winner_metrics = tested.metrics_file;
  write_search_report(result, space);
  return result;
}

}  // namespace nabla::train
