// What a search writes about its trials: trial.json per trial, results.csv, results.json and the plot
// of validation loss against the searched learning rate (or against the trial number).
#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include <nabla/tune/search.h>
#include <nabla/tune/search_space.h>

namespace nabla::tune {

// {trial, params, status ("ok" | "failed"), error, best_val_loss, best_epoch, val_loss, val_accuracy,
// epochs, seconds}; the losses of a failed trial are null.
[[nodiscard]] nlohmann::json trial_json(const TrialResult& t);
// The inverse of trial_json, for a trial folder dir; throws naming what is missing.
[[nodiscard]] TrialResult trial_from_json(const nlohmann::json& j, const std::filesystem::path& dir);

// {"trials": [...], "ranking": [trial numbers, best first], "winner": {trial, dir, params, best_val_loss,
// test: {loss, accuracy, samples}, metrics}}.
[[nodiscard]] nlohmann::json search_results_json(const SearchResult& r);
// One row per trial: trial, the searched values, status, the losses, epochs, seconds, rank and the
// error of a failed trial (empty for a finished one).
[[nodiscard]] std::string search_results_csv(const SearchResult& r, const SearchSpace& space);
// Best validation loss (log y) against the learning rate (log x) when the space searches it, else against
// the trial number; the winner is marked. Trials are coloured by a categorical dimension: colour_by
// (which the space must search; std::invalid_argument otherwise), else optimizer when searched, else the
// first dimension whose values are names. Without one, a line per setting of the other grid values
// (dots for random draws).
[[nodiscard]] std::string search_plot_svg(const SearchResult& r, const SearchSpace& space,
                                          const std::string& colour_by = "");

// results.csv, results.json and results.svg into r.out, each atomically.
void write_search_report(const SearchResult& r, const SearchSpace& space);

}  // namespace nabla::tune
