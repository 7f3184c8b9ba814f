// Hyper-parameter search: a grid or seeded random draws over a base config, one training run per trial
// (test set untouched), trials ranked by their best validation loss, and the test set evaluated once,
// for the winner only. An interrupted search continues where it stopped.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nabla/train/evaluate.h>
#include <nabla/train/progress.h>
#include <nabla/tune/search_space.h>
#include <nabla/train/train_config.h>

namespace nabla::tune {

enum class SearchMode { grid, random };

// The most trials one search runs: random draws, or the points of a grid.
inline constexpr int64_t kMaxTrials = 10'000;

struct TrialResult {
  int64_t trial = 0;  // 1-based; its folder is out/trial-NNN
  std::filesystem::path dir{};
  nlohmann::json params{};  // {name: value} of the searched hyper-parameters
  bool ok = false;          // false: the run failed (diverged); error says why
  std::string error{};
  double best_val_loss = 0;  // the lowest validation loss of any epoch: the ranking key
  int64_t best_epoch = 0;
  double val_loss = 0, val_accuracy = 0;  // of the weights the run kept
  int64_t epochs = 0;
  double seconds = 0;   // training time summed over epochs
  bool reused = false;  // finished by an earlier, interrupted call and read back from trial.json
};

struct SearchOptions {
  SearchMode mode = SearchMode::grid;
  int64_t trials = 0;  // random: how many draws (> 0); grid: 0 runs every point, N > 0 the first N
  std::string space_name = "space";  // how errors name the space: its file
  uint64_t seed = 0;   // of the random draws; each trial trains with the base config's own seed
  std::filesystem::path out{};  // required
  std::shared_ptr<train::ProgressReporter> progress{};  // epochs inside a trial; default: quiet
  std::function<void(const TrialResult&, int64_t trials)> on_trial_start{};  // before a trial trains
  std::function<void(const TrialResult&, int64_t trials)> on_trial_end{};    // after it, or when reused
  // As TrainOptions::stop: ends the trial in training (and the search) with TrainingInterrupted.
  const std::atomic<bool>* stop = nullptr;
};

struct SearchResult {
  std::filesystem::path out{};
  std::vector<TrialResult> trials{};  // in trial order
  std::vector<std::size_t> ranking{};  // indices into trials, best first; failed trials last
  train::Evaluation test{};                   // the winner's, on the test set
  std::filesystem::path winner_metrics{};
  [[nodiscard]] const TrialResult& winner() const { return trials.at(ranking.at(0)); }
};

// Runs the trials into options.out: search.json (mode, seed, trials, space, base config), one folder
// trial-NNN per trial (the run's files and trial.json once it has finished or failed), results.csv,
// results.json, results.svg and winner/metrics.json. Trials with trial.json are read back, not rerun; one
// with a checkpoint but no trial.json resumes from it. A folder holding a different search is refused,
// and so is one another search is writing (an io::FolderLock). Every trial's config is checked before
// the first trains (config_from_layers, values of the space's origin ConfigOrigin::trial), and a
// hyper-parameter that no trial's optimizer or schedule uses is an error. A trial that diverges is
// recorded as failed, with its error, and the search goes on; the winner is the best of the finished
// trials. Throws std::invalid_argument for a bad setup (more than kMaxTrials trials, a trial's value out
// of range) and std::runtime_error when every trial failed.
[[nodiscard]] SearchResult run_search(const train::TrainConfig& base, const SearchSpace& space,
                                      const SearchOptions& options);

}  // namespace nabla::tune
