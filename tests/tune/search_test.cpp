// Hyper-parameter search on the blobs CSV: ranking, the test set kept for the winner alone, the result
// files, failed trials, and an interrupted search continuing without redoing its finished trials.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include <nabla/io/atomic_file.h>
#include <nabla/train/checkpoint.h>
#include <nabla/tune/search.h>
#include <nabla/train/trainer.h>

#include "search_fixtures.h"

namespace nabla::tune {
namespace {

using nlohmann::json;

using testing::blobs_base;

// lr 1e-4 barely moves the weights in 3 epochs; lr 0.1 learns the blobs.
SearchSpace two_by_two() { return parse_search_space(json::parse(R"({"lr": [1e-4, 0.1], "momentum": [0, 0.9]})")); }

json read_json(const std::filesystem::path& path) { return json::parse(io::read_file(path)); }

// A run killed once its first epoch's checkpoint is on disk (the trainer reports an epoch after saving it).
struct Killed {};
struct KilledAfterFirstEpoch final : train::ProgressReporter {
  void on_batch(const train::BatchProgress&) override {}
  void on_epoch(const train::EpochRecord&, int64_t) override { throw Killed{}; }
  void message(const std::string&) override {}
};

struct Counted {
  SearchOptions options;
  std::shared_ptr<int> started = std::make_shared<int>(0);
};

Counted counted(const std::filesystem::path& out) {
  Counted c{.options = {.mode = SearchMode::grid, .out = out}};
  c.options.on_trial_start = [n = c.started](const TrialResult&, int64_t) { ++*n; };
  return c;
}

TEST(Search, GridRanksByBestValidationLossAndTestsOnlyTheWinner) {
  const auto dir = train::testing::fresh_dir("search_grid");
  Counted c = counted(dir / "search");
  const SearchResult r = run_search(blobs_base(dir), two_by_two(), c.options);
  ASSERT_EQ(r.trials.size(), 4u);
  EXPECT_EQ(*c.started, 4);
  ASSERT_EQ(r.ranking.size(), 4u);
  for (std::size_t k = 0; k < r.trials.size(); ++k) {
    const TrialResult& t = r.trials[k];
    ASSERT_TRUE(t.ok) << t.error;
    EXPECT_EQ(t.epochs, 3);
    // The ranking key is the lowest validation loss of any epoch, as history.json recorded it.
    const json history = read_json(t.dir / "history.json");
    double best = 1e300;
    for (const json& e : history["epochs"]) best = std::min(best, e["val_loss"].get<double>());
    EXPECT_EQ(t.best_val_loss, best) << "trial " << t.trial;
    // No trial's run looked at the test set.
    EXPECT_FALSE(read_json(t.dir / "metrics.json").contains("test")) << t.dir;
    EXPECT_TRUE(read_json(t.dir / "metrics.json").contains("validation")) << t.dir;
  }
  for (std::size_t k = 1; k < r.ranking.size(); ++k)
    EXPECT_LE(r.trials[r.ranking[k - 1]].best_val_loss, r.trials[r.ranking[k]].best_val_loss);
  EXPECT_EQ(r.winner().params["lr"].get<double>(), 0.1);
  EXPECT_EQ(r.trials[r.ranking[3]].params["lr"].get<double>(), 1e-4);

  // The winner's test evaluation equals the one its run would have made on its own.
  ASSERT_TRUE(std::filesystem::exists(dir / "search" / "winner" / "metrics.json"));
  train::TrainConfig again = train::config_from_json(read_json(r.winner().dir / "config.json"));
  again.out = (dir / "again").string();
  const train::TrainResult direct = train::run_training(again, {.progress = train::make_progress(train::ProgressStyle::quiet)});
  EXPECT_EQ(r.test.samples, 120);
  EXPECT_NEAR(r.test.loss, direct.test.loss, 1e-9);
  EXPECT_EQ(r.test.accuracy, direct.test.accuracy);

  const std::string csv = io::read_file(dir / "search" / "results.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "trial,lr,momentum,status,best_val_loss,best_epoch,val_loss,val_accuracy,epochs,seconds,rank,error");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
  const json results = read_json(dir / "search" / "results.json");
  EXPECT_EQ(results["ranking"][0], r.winner().trial);
  EXPECT_EQ(results["winner"]["test"]["samples"], 120);
  EXPECT_EQ(results["trials"].size(), 4u);
  const std::string svg = io::read_file(dir / "search" / "results.svg");
  EXPECT_NE(svg.find(">learning rate</text>"), std::string::npos);
  EXPECT_NE(svg.find("momentum=0.9"), std::string::npos);
}

TEST(Search, InterruptedSearchContinuesWithoutRedoingFinishedTrials) {
  const auto dir = train::testing::fresh_dir("search_resume");
  const train::TrainConfig base = blobs_base(dir);
  const SearchSpace space = two_by_two();
  const SearchResult full = run_search(base, space, counted(dir / "full").options);

  // The interrupted search: trials 1 and 2 finished, trial 3 killed after its first epoch, 4 not begun.
  std::filesystem::copy(dir / "full", dir / "cut", std::filesystem::copy_options::recursive);
  std::filesystem::remove_all(dir / "cut" / "trial-003");
  std::filesystem::remove_all(dir / "cut" / "trial-004");
  std::filesystem::remove_all(dir / "cut" / "winner");
  train::TrainConfig third = apply_point(base, space, grid_points(space)[2]);
  third.out = (dir / "cut" / "trial-003").string();
  const train::TrainOptions killed{.progress = std::make_shared<KilledAfterFirstEpoch>(), .evaluate_test = false};
  EXPECT_THROW((void)train::run_training(third, killed), Killed);
  ASSERT_TRUE(std::filesystem::exists(train::checkpoint_path(third.out)));

  Counted c = counted(dir / "cut");
  const SearchResult r = run_search(base, space, c.options);
  EXPECT_EQ(*c.started, 2);  // trials 3 and 4
  EXPECT_TRUE(r.trials[0].reused && r.trials[1].reused);
  EXPECT_FALSE(r.trials[2].reused || r.trials[3].reused);
  ASSERT_EQ(r.trials.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(r.trials[k].epochs, 3);
    EXPECT_EQ(r.trials[k].best_val_loss, full.trials[k].best_val_loss) << "trial " << k + 1;  // bit-identical resume
  }
  EXPECT_EQ(r.ranking, full.ranking);
  EXPECT_EQ(io::read_file(dir / "cut" / "trial-003" / "model.safetensors"),
            io::read_file(dir / "full" / "trial-003" / "model.safetensors"));

  // A finished search run again trains nothing.
  Counted again = counted(dir / "cut");
  (void)run_search(base, space, again.options);
  EXPECT_EQ(*again.started, 0);
}

// A stop (Ctrl-C) inside a trial ends the search without recording that trial as failed; the same
// search run again resumes the trial mid-epoch and ends as an uninterrupted one.
TEST(Search, StopEndsTheSearchAndTheSameSearchContinuesIt) {
  const auto dir = train::testing::fresh_dir("search_stop");
  const train::TrainConfig base = blobs_base(dir);
  const SearchSpace space = two_by_two();
  const SearchResult full = run_search(base, space, counted(dir / "full").options);

  struct StopInThirdTrial final : train::ProgressReporter {
    void on_batch(const train::BatchProgress& p) override {
      if (p.epoch == 2 && p.batch == 3 && ++seen == 3) flag.store(true);  // trial 3's second epoch
    }
    void on_epoch(const train::EpochRecord&, int64_t) override {}
    void message(const std::string&) override {}
    int seen = 0;
    std::atomic<bool> flag{false};
  };
  auto stopper = std::make_shared<StopInThirdTrial>();
  SearchOptions stopped = counted(dir / "cut").options;
  stopped.progress = stopper;
  stopped.stop = &stopper->flag;
  EXPECT_THROW((void)run_search(base, space, stopped), train::TrainingInterrupted);
  EXPECT_FALSE(std::filesystem::exists(dir / "cut" / "trial-003" / "trial.json"));
  EXPECT_EQ(train::load_checkpoint(dir / "cut" / "trial-003").state.partial.batches, 3);

  const SearchResult r = run_search(base, space, counted(dir / "cut").options);
  ASSERT_EQ(r.trials.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) EXPECT_EQ(r.trials[k].best_val_loss, full.trials[k].best_val_loss) << k + 1;
  EXPECT_EQ(io::read_file(dir / "cut" / "trial-003" / "model.safetensors"),
            io::read_file(dir / "full" / "trial-003" / "model.safetensors"));
}

TEST(Search, RefusesAFolderHoldingAnotherSearch) {
  const auto dir = train::testing::fresh_dir("search_refuse");
  train::TrainConfig base = blobs_base(dir);
  base.epochs = 1;
  const SearchSpace space = parse_search_space(json::parse(R"({"lr": [0.1]})"));
  (void)run_search(base, space, {.out = dir / "s"});
  base.epochs = 2;
  try {
    (void)run_search(base, space, {.out = dir / "s"});
    FAIL() << "a different base config must not continue the search";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("holds another search"), std::string::npos) << e.what();
  }
  std::filesystem::create_directories(dir / "busy");
  io::write_file_atomic(dir / "busy" / "notes.txt", "x");
  EXPECT_THROW((void)run_search(base, space, {.out = dir / "busy"}), std::invalid_argument);
}

TEST(Search, RandomSearchIsDeterministicAndRecordsDivergedTrials) {
  const auto dir = train::testing::fresh_dir("search_random");
  train::TrainConfig base = blobs_base(dir);
  base.epochs = 1;
  const SearchSpace space =
      parse_search_space(json::parse(R"({"lr": {"log_uniform": [1e-3, 1e-1]}, "l2": [0, 1e10]})"));
  const SearchOptions a{.mode = SearchMode::random, .trials = 4, .seed = 3, .out = dir / "a"};
  SearchOptions b = a;
  b.out = dir / "b";
  const SearchResult ra = run_search(base, space, a), rb = run_search(base, space, b);
  ASSERT_EQ(ra.trials.size(), 4u);
  int failed = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(ra.trials[k].params, rb.trials[k].params);
    EXPECT_EQ(ra.trials[k].ok, rb.trials[k].ok);
    const double lr = ra.trials[k].params["lr"].get<double>();
    EXPECT_TRUE(lr >= 1e-3 && lr <= 1e-1) << lr;
    // An L2 penalty of 1e10 blows the loss up: the trial fails, the search goes on and ranks it last.
    const bool huge_l2 = ra.trials[k].params["l2"].get<double>() > 0;
    EXPECT_EQ(ra.trials[k].ok, !huge_l2) << ra.trials[k].error;
    failed += huge_l2;
    if (huge_l2) {
      EXPECT_NE(ra.trials[k].error.find("diverged"), std::string::npos) << ra.trials[k].error;
      EXPECT_TRUE(read_json(ra.trials[k].dir / "trial.json")["best_val_loss"].is_null());
    }
  }
  ASSERT_GT(failed, 0) << "seed 3 should draw the huge penalty at least once";
  ASSERT_LT(failed, 4);
  EXPECT_FALSE(ra.trials[ra.ranking.back()].ok);
  EXPECT_TRUE(ra.winner().ok);
}

}  // namespace
}  // namespace nabla::tune
