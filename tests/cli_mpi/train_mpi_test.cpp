// `mpirun -np 2 nabla train`: the weights of one process to float32 rounding, one clear error for each bad
// set-up, and a killed or stuck rank ending the whole job within seconds, resumable by any number of
// processes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <nabla/io/atomic_file.h>
#include <nabla/train/checkpoint.h>
#include <nabla/train/safetensors.h>

#include "../common/image_fixtures.h"
#include "../common/train_fixtures.h"
#include "mpi_job.h"
#include "../common/test_paths.h"

namespace nabla::cli::testing {
namespace {

using train::testing::fresh_dir;
using train::testing::write_blobs_csv;

std::string train_flags(const std::filesystem::path& data, const std::filesystem::path& out) {
  return "train --data '" + data.string() + "' --model 'linear(16)-tanh-linear(3)' --optimizer sgd --lr 0.05 "
         "--momentum 0.9 --schedule none --threads 1 --out '" + out.string() + "'";
}

// The largest |a − b| over the weights of two runs, relative to the largest |b|.
double weight_difference(const std::filesystem::path& a, const std::filesystem::path& b) {
  const train::TensorMap wa = train::load_safetensors(a / "model.safetensors");
  const train::TensorMap wb = train::load_safetensors(b / "model.safetensors");
  double diff = 0, scale = 0;
  for (const auto& [name, t] : wb) {
    const std::vector<double> x = wa.at(name).to_vector<double>(), y = t.to_vector<double>();
    for (std::size_t i = 0; i < y.size(); ++i) {
      diff = std::max(diff, std::abs(x[i] - y[i]));
      scale = std::max(scale, std::abs(y[i]));
    }
  }
  return diff / scale;
}

TEST(TrainMpi, TwoProcessesEndAtTheWeightsOfOneToFloat32Rounding) {
  const auto dir = fresh_dir("mpi_equivalence");
  const auto data = write_blobs_csv(dir);  // 600 rows: 432 to train, 13.5 batches of 32
  const JobResult one = run_job(std::string(nabla::test::cli()) + " " + train_flags(data, dir / "one") + " --epochs 3 --batch-size 32");
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const JobResult two = run_job(mpirun(2) + train_flags(data, dir / "two") + " --epochs 3 --batch-size 32");
  ASSERT_EQ(two.exit_code, 0) << two.output;
  const double diff = weight_difference(dir / "two", dir / "one");
  std::printf("nabla train, float32, 3 epochs of SGD with momentum: 2 processes vs 1, relative difference %.2e\n", diff);
  EXPECT_LT(diff, 1e-5);
  // Rank 0 alone speaks and writes: one world-size note, one summary with the whole job's throughput.
  EXPECT_EQ(count_of(two.output, "data-parallel: 2 processes"), 1u) << two.output;
  EXPECT_EQ(count_of(two.output, "throughput: "), 1u) << two.output;
  EXPECT_NE(two.output.find("samples/s over 2 processes"), std::string::npos) << two.output;
  EXPECT_EQ(train::load_checkpoint(dir / "two").state.world_size, 2);
  EXPECT_EQ(train::load_checkpoint(dir / "one").state.world_size, 1);
}

TEST(TrainMpi, JsonSummaryGivesTheSharesOfWaitingAndOfCopyingIntoBuckets) {
  const auto dir = fresh_dir("mpi_json");
  const auto data = write_blobs_csv(dir);
  const JobResult two = run_job(mpirun(2) + train_flags(data, dir / "two") + " --epochs 1 --batch-size 32 --json true");
  ASSERT_EQ(two.exit_code, 0) << two.output;
  const auto share = [&](const std::string& key) {
    const std::size_t at = two.output.find("\"" + key + "\": ");
    return at == std::string::npos ? -1.0 : std::strtod(two.output.c_str() + at + key.size() + 4, nullptr);
  };
  EXPECT_GE(share("waiting_fraction"), 0.0) << two.output;
  EXPECT_LT(share("waiting_fraction"), 1.0) << two.output;
  // Every step copies each gradient into its bucket once: a share above zero and far below the step.
  EXPECT_GT(share("bucket_copy_fraction"), 0.0) << two.output;
  EXPECT_LT(share("bucket_copy_fraction"), 0.5) << two.output;
}

TEST(TrainMpi, AugmentedTrainingOverTwoProcessesEndsAtTheWeightsOfOne) {
  // Each sample's crop, flip and erasing are drawn from (seed, epoch, its index): not from the rank that
  // assembles it.
  const auto dir = fresh_dir("mpi_augment");
  const auto images = train::testing::write_image_folder(dir, 3, 40);
  const auto flags = [&](const char* out) {
    return "train --data '" + images.string() + "' --model 'flatten-linear(16)-tanh-linear(3)' --optimizer sgd "
           "--lr 0.05 --schedule none --threads 1 --epochs 2 --batch-size 16 --augment crop:2,flip,erase:0.5 --out '" +
           (dir / out).string() + "'";
  };
  const JobResult one = run_job(std::string(nabla::test::cli()) + " " + flags("one"));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const JobResult two = run_job(mpirun(2) + flags("two"));
  ASSERT_EQ(two.exit_code, 0) << two.output;
  EXPECT_LT(weight_difference(dir / "two", dir / "one"), 1e-5);
}

TEST(TrainMpi, AccumulationOverTwoProcessesIsOneBigBatch) {
  // 2 processes × 8 samples × 2 accumulated batches: each step sees the same 32 samples as one process's.
  const auto dir = fresh_dir("mpi_accumulate");
  const auto data = write_blobs_csv(dir);
  const JobResult one = run_job(std::string(nabla::test::cli()) + " " + train_flags(data, dir / "one") + " --epochs 1 --batch-size 32");
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const JobResult two =
      run_job(mpirun(2) + train_flags(data, dir / "two") + " --epochs 1 --batch-size 16 --accumulate 2");
  ASSERT_EQ(two.exit_code, 0) << two.output;
  EXPECT_LT(weight_difference(dir / "two", dir / "one"), 1e-5);
}

TEST(TrainMpi, ABatchThatDoesNotSplitFailsOnceWithTheRule) {
  const auto dir = fresh_dir("mpi_batch");
  const JobResult r = run_job(mpirun(2) + train_flags(write_blobs_csv(dir), dir / "run") + " --batch-size 33");
  EXPECT_NE(r.exit_code, 0);
  const std::string line =
      "error: config: batch_size: must be a multiple of the 2 processes (each takes batch_size / 2 samples of every "
      "batch), not 33\n";
  EXPECT_EQ(count_of(r.output, line), 1u) << r.output;
  EXPECT_EQ(count_of(r.output, "error:"), 1u) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "run"));
}

TEST(TrainMpi, RanksStartedWithAnotherConfigOrDataFailTogether) {
  const auto dir = fresh_dir("mpi_mismatch");
  const auto data = write_blobs_csv(dir);
  const std::string flags = train_flags(data, dir / "run") + " --epochs 1";
  const JobResult config = run_job(std::string(NABLA_MPIRUN) + " -np 1 " + nabla::test::cli() + " " + flags + " --seed 1 : -np 1 " +
                                   nabla::test::cli() + " " + flags + " --seed 2");
  EXPECT_NE(config.exit_code, 0);
  EXPECT_EQ(count_of(config.output, "error: rank 1 was started with another config than rank 0"), 1u) << config.output;
  EXPECT_EQ(count_of(config.output, "error:"), 1u) << config.output;
  // The same relative path in two working folders holding different files: another machine's copy.
  std::filesystem::create_directories(dir / "a");
  std::filesystem::create_directories(dir / "b");
  std::filesystem::copy_file(data, dir / "a" / "blobs.csv");
  write_blobs_csv(dir / "b", 3, 200, 4, 0.6, 2);  // another seed
  const std::string relative = "train --data blobs.csv --model 'linear(3)' --epochs 1 --out '" + (dir / "run").string() + "'";
  const JobResult data_job = run_job(std::string(NABLA_MPIRUN) + " -np 1 -wdir '" + (dir / "a").string() + "' " + nabla::test::cli() +
                                     " " + relative + " : -np 1 -wdir '" + (dir / "b").string() + "' " + nabla::test::cli() + " " + relative);
  EXPECT_NE(data_job.exit_code, 0);
  EXPECT_EQ(count_of(data_job.output, "error: rank 1 was started with another data than rank 0"), 1u) << data_job.output;
}

TEST(TrainMpi, OnlyTrainRunsUnderMpirunAndNewtonNeedsOneProcess) {
  const auto dir = fresh_dir("mpi_refused");
  const JobResult eval = run_job(mpirun(2) + "eval " + dir.string());
  EXPECT_NE(eval.exit_code, 0);
  EXPECT_EQ(count_of(eval.output, "error: only `nabla train` runs under mpirun (this job has 2 processes); start "
                                  "`nabla eval` as one process\n"), 1u) << eval.output;
  const JobResult newton = run_job(mpirun(2) + "train --data '" + write_blobs_csv(dir).string() +
                                   "' --model 'linear(3)' --optimizer newton --batch-size 1000 --out '" + (dir / "run").string() + "'");
  EXPECT_NE(newton.exit_code, 0);
  EXPECT_EQ(count_of(newton.output, "error: config: optimizer.name: newton differentiates the gradient of one process "
                                    "and runs in a single process, not 2\n"), 1u) << newton.output;
}

// A long job of small batches, started in the background, once its first checkpoint is written.
struct LongJob {
  std::filesystem::path dir, data, run;
  std::unique_ptr<BackgroundJob> job;

  explicit LongJob(const std::string& name) : dir(fresh_dir(name)), data(write_blobs_csv(dir)), run(dir / "run") {
    job = std::make_unique<BackgroundJob>(mpirun(2) + train_flags(data, run) + " --batch-size 4 --epochs 10000",
                                          dir / "log.txt");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!std::filesystem::exists(train::checkpoint_path(run)) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
};

TEST(TrainMpi, AKilledRankEndsTheJobWithinSecondsAndAnyNumberOfProcessesResumesIt) {
  LongJob long_job("mpi_kill");
  ASSERT_TRUE(std::filesystem::exists(train::checkpoint_path(long_job.run))) << long_job.job->output();
  const std::optional<pid_t> rank1 = long_job.job->rank_pid(1);
  ASSERT_TRUE(rank1);
  const auto killed = std::chrono::steady_clock::now();
  ASSERT_EQ(kill(*rank1, SIGKILL), 0);
  const std::optional<int> code = long_job.job->wait_for(std::chrono::seconds(20));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
  ASSERT_TRUE(code) << "the job still runs 20 s after rank 1 was killed";
  std::printf("rank 1 killed: the job ended %.2f s later\n", seconds);
  EXPECT_LT(seconds, 10);
  EXPECT_NE(*code, 0);
  EXPECT_NE(long_job.job->output().find("rank 1"), std::string::npos) << long_job.job->output();
  // The last checkpoint, written by 2 processes, continues in 1 and then in 2 again.
  const int64_t done = train::load_checkpoint(long_job.run).state.epoch;
  const JobResult alone = run_job(std::string(nabla::test::cli()) + " train --resume '" + long_job.run.string() + "' --epochs " +
                                  std::to_string(done + 1));
  ASSERT_EQ(alone.exit_code, 0) << alone.output;
  EXPECT_NE(alone.output.find("(written by 2 processes, continued by 1)"), std::string::npos) << alone.output;
  const JobResult again = run_job(mpirun(2) + "train --resume '" + long_job.run.string() + "' --epochs " +
                                  std::to_string(done + 2));
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(train::load_checkpoint(long_job.run).state.history.epochs.size(), static_cast<std::size_t>(done + 2));
}

TEST(TrainMpi, AStuckRankEndsTheJobAfterTheTimeout) {
  setenv("NABLA_DIST_TIMEOUT", "2", 1);
  LongJob long_job("mpi_stuck");
  unsetenv("NABLA_DIST_TIMEOUT");
  ASSERT_TRUE(std::filesystem::exists(train::checkpoint_path(long_job.run))) << long_job.job->output();
  const std::optional<pid_t> rank1 = long_job.job->rank_pid(1);
  ASSERT_TRUE(rank1);
  ASSERT_EQ(kill(*rank1, SIGSTOP), 0);  // alive, but never answers again
  const std::optional<int> code = long_job.job->wait_for(std::chrono::seconds(30));
  ASSERT_TRUE(code) << "the job still runs 30 s after rank 1 stopped";
  EXPECT_NE(*code, 0);
  const std::string output = long_job.job->output();
  EXPECT_NE(output.find("error: rank 0: "), std::string::npos) << output;  // rank 0 speaks, naming itself
  EXPECT_NE(output.find(" did not complete within 2 s: another rank stopped responding"), std::string::npos) << output;
}

}  // namespace
}  // namespace nabla::cli::testing
