// The doctor on synthetic histories, one per symptom and in combination, and on short real runs that
// provoke them: SGD at lr = 10 diverges (and at 1e10 reaches NaN), lr = 1e-4 crawls, a wide MLP on 500 noisy samples overfits.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <nabla/io/atomic_file.h>
#include <nabla/doctor/doctor.h>
#include <nabla/doctor/doctor_output.h>
#include <nabla/train/trainer.h>

#include "../common/train_fixtures.h"

namespace nabla::doctor {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Epochs 1..n with these losses; gradient norms default to a gently falling 1.0, 0.9, ...
train::History history(const std::vector<double>& train, const std::vector<double>& val, std::vector<double> grad = {},
                std::vector<double> grad_max = {}) {
  train::History h;
  for (std::size_t i = 0; i < train.size(); ++i) {
    const double g = grad.empty() ? 1.0 - 0.1 * static_cast<double>(i) : grad[i];
    h.epochs.push_back({.epoch = static_cast<int64_t>(i) + 1, .train_loss = train[i], .val_loss = val[i], .lr = 0.1,
                        .grad_norm = g, .grad_norm_max = grad_max.empty() ? 2 * g : grad_max[i]});
  }
  return h;
}

std::vector<std::string> codes(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(f.code);
  return out;
}

using Codes = std::vector<std::string>;

TEST(Doctor, HealthyRun) {
  const auto f = diagnose(history({1.0, 0.6, 0.45, 0.38, 0.34}, {0.7, 0.5, 0.42, 0.39, 0.37}), {.num_classes = 3});
  ASSERT_EQ(codes(f), Codes{"healthy"});
  EXPECT_EQ(f[0].epoch, 5);
  EXPECT_NE(f[0].evidence.find("1 to 0.34"), std::string::npos) << f[0].evidence;
}

TEST(Doctor, NonFiniteLossIsDivergenceWithTheLastGoodLoss) {
  const auto f = diagnose(history({1.0, 0.8, kNaN}, {0.9, 0.7, kNaN}), {.num_classes = 3});
  ASSERT_EQ(codes(f), Codes{"divergence"});
  EXPECT_EQ(f[0].epoch, 3);
  EXPECT_NE(f[0].evidence.find("nan at epoch 3, after 0.8 the epoch before"), std::string::npos) << f[0].evidence;
  EXPECT_NE(f[0].advice.find("decrease the learning rate (it was 0.1; try 0.01)"), std::string::npos) << f[0].advice;
  const auto first = diagnose(history({kInf}, {kNaN}));
  ASSERT_EQ(codes(first), Codes{"divergence"});
  EXPECT_EQ(first[0].evidence, "training loss is inf at epoch 1");
}

TEST(Doctor, LossRisingByAnOrderOfMagnitudeIsDivergence) {
  const auto f = diagnose(history({1.0, 0.5, 8.0}, {0.9, 0.5, 9.0}));
  ASSERT_EQ(codes(f), Codes{"divergence"});
  EXPECT_EQ(f[0].epoch, 3);
  EXPECT_DOUBLE_EQ(f[0].values.at("lowest_train_loss"), 0.5);
  // Ten times the chance level log 10 = 2.3 in the first epoch.
  const auto absurd = diagnose(history({50.0}, {40.0}), {.num_classes = 10});
  ASSERT_EQ(codes(absurd), Codes{"divergence"});
  EXPECT_NE(absurd[0].evidence.find("chance level"), std::string::npos) << absurd[0].evidence;
}

TEST(Doctor, DivergenceWithExplodingGradients) {
  const auto f = diagnose(history({1.0, 0.8, kInf}, {0.9, 0.8, kNaN}, {1.0, 2.0, 40.0}, {2.0, 5.0, 500.0}));
  ASSERT_EQ(codes(f), (Codes{"divergence", "exploding_gradients"}));
  EXPECT_EQ(f[1].epoch, 3);
  EXPECT_DOUBLE_EQ(f[1].values.at("grad_norm_max"), 500.0);
}

TEST(Doctor, ExplodingGradientsAlone) {
  const auto f = diagnose(history({1.0, 0.6, 0.45, 0.38}, {0.7, 0.5, 0.42, 0.39}, {1.0, 1.2, 3.0, 1.1},
                                  {2.0, 3.0, 150.0, 2.0}),
                          {.num_classes = 3});
  ASSERT_EQ(codes(f), Codes{"exploding_gradients"});
  EXPECT_EQ(f[0].epoch, 3);
  EXPECT_NE(f[0].evidence.find("150x the mean at the start of training (1)"), std::string::npos) << f[0].evidence;
}

// A loss that falls slowly and stays high is one symptom with one cause named: the learning rate. The
// lecture's "Trn loss is decreasing very slowly => small learning rate" comes first; whether the model
// can fit is judged once it learns at a useful speed.
TEST(Doctor, SlowFallIsLrTooSmallAndNotAlsoUnderfitting) {
  const train::History h = history({1.098, 1.095, 1.092, 1.089, 1.086, 1.083}, {1.097, 1.094, 1.091, 1.088, 1.085, 1.082});
  const auto f = diagnose(h, {.num_classes = 3});
  ASSERT_EQ(codes(f), Codes{"lr_too_small"});
  EXPECT_EQ(f[0].epoch, 5);  // the end of the window of first epochs
  EXPECT_NEAR(f[0].values.at("fall_per_epoch"), 1 - std::pow(1.086 / 1.098, 0.25), 1e-12);
  EXPECT_NE(f[0].advice.find("increase the learning rate (it was 0.1 at most; try 1)"), std::string::npos) << f[0].advice;
  EXPECT_EQ(codes(diagnose(h)), Codes{"lr_too_small"});
  // A loss that fell fast at first and then stalled high is underfitting alone.
  const auto stalled = diagnose(history({2.3, 1.7, 1.5, 1.45, 1.44, 1.44}, {2.3, 1.7, 1.5, 1.45, 1.44, 1.44}),
                                {.num_classes = 10});
  EXPECT_EQ(codes(stalled), Codes{"underfitting"});
}

TEST(Doctor, SlowFallNearConvergenceIsFine) {
  // log 10 = 2.30; a loss of 0.2 is below a tenth of it.
  const auto f = diagnose(history({0.2, 0.199, 0.198}, {0.21, 0.2, 0.2}), {.num_classes = 10});
  EXPECT_EQ(codes(f), Codes{"healthy"});
}

TEST(Doctor, LabelSmoothingsFloorIsNotASlowFall) {
  // Smoothed targets (ε = 0.1, C = 10) have entropy 0.91·(−ln 0.91) + 9·0.01·(−ln 0.01) = 0.5003: a loss of
  // 0.555 is 0.05 above it, converged; judged as a plain loss it crawls at 1.9 % per epoch.
  const train::History h = history({0.60, 0.58, 0.57, 0.56, 0.555}, {0.61, 0.59, 0.58, 0.57, 0.565});
  EXPECT_EQ(codes(diagnose(h, {.num_classes = 10})), Codes{"lr_too_small"});
  const auto f = diagnose(h, {.num_classes = 10, .label_smoothing = 0.1});
  ASSERT_EQ(codes(f), Codes{"healthy"});
  EXPECT_EQ(f[0].evidence.rfind("losses counted above 0.5003, the lowest that label smoothing 0.1 allows: training loss "
                                "fell from 0.09971 to 0.05471", 0), 0u)
      << f[0].evidence;
  // Stuck far above the floor is still underfitting.
  const auto stuck = diagnose(history({2.2, 1.8, 1.6, 1.5}, {2.1, 1.8, 1.6, 1.55}), {.num_classes = 10, .label_smoothing = 0.1});
  EXPECT_EQ(codes(stuck), Codes{"underfitting"});
}

TEST(Doctor, UnderfittingAdvisesWeakeningOnlyTheRegularisationThere) {
  const train::History h = history({2.2, 1.8, 1.6, 1.5}, {2.1, 1.8, 1.6, 1.55});
  const auto none = diagnose(h, {.num_classes = 10});
  ASSERT_EQ(codes(none), Codes{"underfitting"});
  EXPECT_EQ(none[0].epoch, 4);  // the epoch of the lowest training loss it cites
  EXPECT_EQ(none[0].advice.find("decrease the strength of regularisation"), std::string::npos) << none[0].advice;
  EXPECT_EQ(none[0].advice.find("--l2"), std::string::npos) << none[0].advice;
  EXPECT_NE(none[0].advice.find("no regularisation to weaken"), std::string::npos) << none[0].advice;
  EXPECT_NE(none[0].advice.find("capacity"), std::string::npos);
  const auto some = diagnose(h, {.num_classes = 10, .regularisation = {"--l2 0.01", "dropout"}});
  EXPECT_NE(some[0].advice.find("decrease the strength of regularisation (--l2 0.01 and dropout)"), std::string::npos)
      << some[0].advice;
}

TEST(Doctor, VanishingGradientsWhileTheLossIsHigh) {
  const auto f = diagnose(history({2.3, 2.2, 2.15, 2.14}, {2.3, 2.2, 2.15, 2.14}, {1.0, 0.1, 0.005, 0.001}),
                          {.num_classes = 10});
  ASSERT_EQ(codes(f), Codes{"vanishing_gradients"});  // the cause of the high loss, named alone
  EXPECT_EQ(f[0].epoch, 3);
  EXPECT_NE(f[0].advice.find("\"suitable initialization\""), std::string::npos) << f[0].advice;
  // A gradient shrinking as the loss converges is not vanishing.
  const auto converged = diagnose(history({0.9, 0.1, 0.02}, {0.9, 0.12, 0.03}, {1.0, 0.1, 0.005}), {.num_classes = 10});
  EXPECT_EQ(codes(converged), Codes{"healthy"});
}

TEST(Doctor, OverfittingFromTheEpochTheValidationLossTurns) {
  const auto f = diagnose(history({0.9, 0.5, 0.3, 0.15, 0.08}, {0.8, 0.55, 0.5, 0.6, 0.75}), {.num_classes = 3});
  ASSERT_EQ(codes(f), Codes{"overfitting"});
  EXPECT_EQ(f[0].epoch, 4);
  EXPECT_EQ(f[0].evidence, "validation loss 0.6 at epoch 4 is 4x the training loss 0.15, and 20 % above its lowest "
                          "value 0.5");
  EXPECT_EQ(f[0].values.at("best_epoch"), 3);
  EXPECT_NE(f[0].advice.find("add regularisation"), std::string::npos) << f[0].advice;
  EXPECT_NE(f[0].advice.find("early stopping"), std::string::npos) << f[0].advice;
  EXPECT_NE(f[0].advice.find("one distribution"), std::string::npos) << f[0].advice;
  // A gap with the validation loss still falling is not (yet) overfitting.
  EXPECT_EQ(codes(diagnose(history({0.3, 0.2, 0.1}, {0.8, 0.7, 0.6}), {.num_classes = 3})), Codes{"healthy"});
}

TEST(Doctor, TrainingLossFarAboveValidationIsABadSplit) {
  const auto f = diagnose(history({0.9, 0.8, 0.7}, {0.3, 0.3, 0.3}), {.num_classes = 10});
  ASSERT_EQ(codes(f), Codes{"bad_split"});
  EXPECT_NEAR(f[0].values.at("train_loss") / f[0].values.at("val_loss"), 0.7 / 0.3, 1e-12);
  // The first epoch's mean still carries the untrained start: no verdict on it alone.
  EXPECT_EQ(codes(diagnose(history({0.9}, {0.2}), {.num_classes = 10})), Codes{"healthy"});
}

TEST(Doctor, RejectsAnEmptyHistoryAndOneClass) {
  EXPECT_THROW((void)diagnose(train::History{}), std::invalid_argument);
  EXPECT_THROW((void)diagnose(history({1.0}, {1.0}), {.num_classes = 1}), std::invalid_argument);
}

TEST(DoctorOutput, JsonAndText) {
  const auto f = diagnose(history({1.0, kNaN}, {0.9, kNaN}));
  const nlohmann::json j = findings_json(f);
  ASSERT_EQ(j.size(), 1u);
  for (const char* key : {"code", "epoch", "evidence", "advice", "evidence_values"}) EXPECT_TRUE(j[0].contains(key)) << key;
  EXPECT_EQ(j[0]["code"], "divergence");
  EXPECT_DOUBLE_EQ(j[0]["evidence_values"]["previous_train_loss"].get<double>(), 1.0);
  const std::string text = format_findings(f);
  EXPECT_EQ(text.rfind("doctor: divergence at epoch 2\n  evidence: ", 0), 0u) << text;
}

TEST(DoctorOutput, RunFolderWithoutHistoryIsAnErrorNamingTheFile) {
  const auto dir = train::testing::fresh_dir("doctor_empty");
  try {
    (void)diagnose_run(dir);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("history.json"), std::string::npos) << e.what();
  }
}

// Real runs on Gaussian blobs, each well under a second.
train::TrainConfig blobs_run(const std::filesystem::path& dir, const std::string& optimizer, double lr, int64_t epochs) {
  train::TrainConfig c;
  c.data = train::testing::write_blobs_csv(dir).string();
  c.model = "linear(16)-relu-linear(3)";
  c.optimizer.name = optimizer;
  c.optimizer.lr = lr;
  c.batch_size = 32;
  c.epochs = epochs;
  c.out = (dir / "run").string();
  return c;
}

train::TrainOptions quiet() { return {.progress = train::make_progress(train::ProgressStyle::quiet)}; }

TEST(DoctorOnRuns, SgdAtLearningRateTenDiverges) {
  // The loss leaps to millions in the first epoch (finite, so training goes on with dead ReLUs).
  const auto dir = train::testing::fresh_dir("doctor_diverge");
  const train::TrainResult r = train::run_training(blobs_run(dir, "sgd", 10, 3), quiet());
  const auto f = diagnose_run(r.out);
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0].code, "divergence");
  EXPECT_EQ(f[0].epoch, 1);
  EXPECT_GT(f[0].values.at("train_loss"), 10 * std::log(3.0));
}

TEST(DoctorOnRuns, NonFiniteLossStopsTheRunWithTheFailingEpochInTheHistory) {
  const auto dir = train::testing::fresh_dir("doctor_nan");
  const train::TrainConfig c = blobs_run(dir, "sgd", 1e10, 3);
  EXPECT_THROW((void)train::run_training(c, quiet()), std::runtime_error);
  const train::History h = train::History::from_json(nlohmann::json::parse(io::read_file(dir / "run" / "history.json")));
  ASSERT_EQ(h.epochs.size(), 1u);
  EXPECT_FALSE(std::isfinite(h.epochs[0].train_loss));
  const auto f = diagnose_run(c.out);
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0].code, "divergence");
  EXPECT_EQ(f[0].epoch, 1);
  EXPECT_NE(f[0].advice.find("it was 1e+10"), std::string::npos) << f[0].advice;
}

TEST(DoctorOnRuns, TinyLearningRateCrawls) {
  const auto dir = train::testing::fresh_dir("doctor_crawl");
  const train::TrainResult r = train::run_training(blobs_run(dir, "sgd", 1e-4, 5), quiet());
  const auto f = diagnose_run(r.out);
  EXPECT_EQ(codes(f), Codes{"lr_too_small"});
}

TEST(DoctorOnRuns, SoundRunIsHealthy) {
  const auto dir = train::testing::fresh_dir("doctor_sound");
  const train::TrainResult r = train::run_training(blobs_run(dir, "adam", 0.01, 5), quiet());
  EXPECT_EQ(codes(diagnose_run(r.out)), Codes{"healthy"});
}

TEST(DoctorOnRuns, WideMlpOnFewNoisySamplesOverfits) {
  const auto dir = train::testing::fresh_dir("doctor_overfit");
  train::TrainConfig c = blobs_run(dir, "adam", 0.01, 8);
  // 510 samples of heavily overlapping blobs in 20 dimensions: much of the training set is noise to memorise.
  c.data = train::testing::write_blobs_csv(dir, 3, 170, 20, 2.0).string();
  c.model = "linear(256)-relu-linear(256)-relu-linear(3)";
  c.val_fraction = 0.3;
  const train::TrainResult r = train::run_training(c, quiet());
  const auto f = diagnose_run(r.out);
  ASSERT_EQ(codes(f), Codes{"overfitting"});
  EXPECT_LT(f[0].values.at("best_epoch"), 4);
}

}  // namespace
}  // namespace nabla::doctor
