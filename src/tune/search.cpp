// The search loop: claim the folder, run or read back each trial, rank, and test the winner once.
#include <nabla/tune/search.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include <nabla/io/atomic_file.h>
#include <nabla/io/folder_lock.h>
#include <nabla/report/run_report.h>
#include <nabla/train/checkpoint.h>
#include <nabla/train/config_fields.h>
#include <nabla/train/saved_run.h>
#include <nabla/train/trainer.h>
#include <nabla/tune/search_report.h>

namespace nabla::tune {
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
json search_setup(const train::TrainConfig& base, const SearchSpace& space, const SearchOptions& o) {
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
    if (train::read_config_file(file) != setup)
      throw std::invalid_argument(out.string() + " holds another search (see its search.json); give the same "
                                  "config, space, mode, trials and seed to continue it, or choose another --out");
    return;
  }
  for (const auto& entry : std::filesystem::directory_iterator(out))
    if (entry.path().filename() != io::FolderLock::kFileName)
      throw std::invalid_argument(out.string() + " is not empty and holds no search.json; choose another --out");
  io::write_file_atomic(file, setup.dump(2) + "\n");
}

// The number of grid points, or kMaxTrials + 1 when there are more.
int64_t grid_size(const SearchSpace& space) {
  int64_t n = 1;
  for (const Dimension& d : space.dimensions) n = std::min<int64_t>(n * static_cast<int64_t>(d.values.size()), kMaxTrials + 1);
  return n;
}

std::vector<json> trial_points(const SearchSpace& space, const SearchOptions& o) {
  if (o.trials < 0 || o.trials > kMaxTrials)
    throw std::invalid_argument("search: trials must be a whole number in [0, " + std::to_string(kMaxTrials) +
                                "], not " + std::to_string(o.trials));
  if (o.mode == SearchMode::random) return random_points(space, o.trials, o.seed);
  if (o.trials == 0 && grid_size(space) > kMaxTrials)
    throw std::invalid_argument(o.space_name + ": the grid has more than " + std::to_string(kMaxTrials) +
                                " points; list fewer values, or search the first --trials N, or use --mode random");
  return grid_points(space, o.trials);
}

std::string params_text(const json& params) {
  std::string s;
  for (const auto& [name, value] : params.items()) s += (s.empty() ? "" : ", ") + name + "=" + value.dump();
  return s;
}

// Every trial's config, checked before the first one trains: a value out of range names its trial, and a
// hyper-parameter that no trial's optimizer or schedule uses (momentum with adam) is refused.
std::vector<train::TrainConfig> trial_configs(const train::TrainConfig& base, const SearchSpace& space,
                                       const std::vector<json>& points, const SearchOptions& o) {
  train::validate(base);
  std::vector<train::TrainConfig> configs;
  for (std::size_t i = 0; i < points.size(); ++i) {
    try {
      configs.push_back(apply_point(base, space, points[i]));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(o.space_name + ": trial " + std::to_string(i + 1) + " (" + params_text(points[i]) +
                                  "): " + e.what());
    }
  }
  for (const Dimension& d : space.dimensions) {
    std::string key;
    for (const std::string& part : d.path) key += (key.empty() ? "" : ".") + part;
    if (!configs.empty() && std::none_of(configs.begin(), configs.end(), [&](const train::TrainConfig& c) { return train::field_in_use(c, key); }))
      throw std::invalid_argument(o.space_name + ": \"" + d.name + "\": no trial uses it: " + train::unused_problem(configs[0], key));
  }
  return configs;
}

// Trains one trial (resuming it when an earlier call left a checkpoint) and records it in trial.json.
// A run that fails (divergence, most often) is a result of the search, not the end of it.
void run_trial(TrialResult& t, const train::TrainConfig& config, const SearchOptions& options,
               const std::shared_ptr<train::ProgressReporter>& progress) {
  const bool resume = std::filesystem::exists(train::checkpoint_path(t.dir));
  try {
    const train::TrainResult r =
        train::run_training(config, {.resume = resume,
                                     .progress = progress,
                                     .evaluate_test = false,
                                     .stop = options.stop,
                                     .render_report = report::write_run_report});
    t.ok = true;
    t.best_val_loss = std::numeric_limits<double>::infinity();
    for (const train::EpochRecord& e : r.history.epochs) t.best_val_loss = std::min(t.best_val_loss, e.val_loss);
    t.best_epoch = r.best_epoch;
    t.val_loss = r.validation.loss;
    t.val_accuracy = r.validation.accuracy;
    t.epochs = static_cast<int64_t>(r.history.epochs.size());
    for (const train::EpochRecord& e : r.history.epochs) t.seconds += e.seconds;
  } catch (const train::TrainingInterrupted&) {
    throw;  // the search stops too; its trial resumes from the checkpoint next time
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

SearchResult run_search(const train::TrainConfig& base, const SearchSpace& space, const SearchOptions& options) {
  if (options.out.empty()) throw std::invalid_argument("search: an output folder (--out) is required");
  const std::vector<json> points = trial_points(space, options);
  const std::vector<train::TrainConfig> configs = trial_configs(base, space, points, options);
  const io::FolderLock lock(options.out, "search");  // one search per folder; each trial locks its own
  claim_folder(options.out, search_setup(base, space, options));
  io::remove_stale_temporaries(options.out);
  const std::shared_ptr<train::ProgressReporter> progress =
      options.progress ? options.progress : train::make_progress(train::ProgressStyle::quiet);
  SearchResult result{.out = options.out};
  const auto total = static_cast<int64_t>(points.size());
  for (int64_t i = 0; i < total; ++i) {
    const int64_t trial = i + 1;
    const std::filesystem::path dir = trial_dir(options.out, trial);
    TrialResult t;
    if (std::filesystem::exists(dir / "trial.json")) {
      t = trial_from_json(train::read_config_file(dir / "trial.json"), dir);
    } else {
      t = {.trial = trial, .dir = dir, .params = points[static_cast<std::size_t>(i)]};
      train::TrainConfig config = configs[static_cast<std::size_t>(i)];
      config.out = dir.string();
      if (options.on_trial_start) options.on_trial_start(t, total);
      run_trial(t, config, options, progress);
    }
    if (options.on_trial_end) options.on_trial_end(t, total);
    result.trials.push_back(std::move(t));
  }
  result.ranking = rank_trials(result.trials);
  const TrialResult& winner = result.winner();
  if (!winner.ok || !std::isfinite(winner.best_val_loss)) throw std::runtime_error("search: every trial failed; trial 1: " + result.trials[0].error);
  // The test set's one use in the whole search.
  const train::EvalOutcome tested = train::evaluate_saved_run(winner.dir, std::nullopt, options.out / "winner");
  report::write_run_report(options.out / "winner");
  result.test = tested.evaluation;
  result.winner_metrics = tested.metrics_file;
  write_search_report(result, space);
  return result;
}

}  // namespace nabla::tune
