// The training loop, its checkpoints and its final evaluation; in a data-parallel run every rank runs it,
// and rank 0 alone writes the run folder.
#include <nabla/train/trainer.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>
#include <stdexcept>

#include <nabla/dist/agreement.h>
#include <nabla/dist/data_parallel.h>
#include <nabla/dist/world.h>
#include <nabla/io/atomic_file.h>
#include <nabla/io/shell_quote.h>
#include <nabla/nn/model_spec.h>
#include <nabla/nn/model_summary.h>
#include <nabla/tensor/precision.h>
#include <nabla/tensor/threads.h>
#include <nabla/train/run_metrics.h>
#include <nabla/train/saved_run.h>
#include <nabla/train/sharpness.h>

#include "run.h"
#include "tensor_sums.h"

namespace nabla::train {
namespace detail {

// One NaN or ±inf makes the sum of squares non-finite (as does a float64 value beyond 1e154, which has
// diverged as surely).
bool all_finite(const TensorMap& tensors) {
  for (const auto& [name, t] : tensors)
    if (!std::isfinite(sum_of_squares(t))) return false;
  return true;
}

std::string checkpoint_position(const TrainerState& s) {
  if (s.partial.batches == 0) return "after epoch " + std::to_string(s.epoch);
  return "at epoch " + std::to_string(s.epoch + 1) + ", batch " + std::to_string(s.partial.batches);
}

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

namespace {

using Clock = std::chrono::steady_clock;

TensorMap deep_copy(const std::map<std::string, Tensor>& m) {
  TensorMap out;
  for (const auto& [k, v] : m) out.emplace(k, v.clone());
  return out;
}

// What to do after a divergence: continue from the last good checkpoint at a lower rate, or start again.
std::string divergence_advice(const Run& r) {
  const std::string lower = number_text(r.initial_lr / 10);
  if (r.last_checkpoint.empty())
    return "lower the learning rate (--lr, " + number_text(r.initial_lr) + " now; try " + lower +
           "). There is no checkpoint to resume: start again.";
  return "lower the learning rate. The last good checkpoint (" + r.last_checkpoint + ") is in " + r.dir.string() +
         "; continue from it with: nabla train --resume " + io::shell_quote(r.dir.string()) + " --lr " + lower;
}

// The diverging epoch goes into history.json (not the checkpoint) with its non-finite loss, so that the
// doctor and the report can show where and how the run failed.
void write_diverged_history(const Run& r, const EpochRecord& rec) {
  if (!r.writer()) return;
  History history = r.state.history;
  history.epochs.push_back(rec);
  history.write(r.dir);
  if (r.render_report) r.render_report(r.dir);
}

void record_divergence(const Run& r, EpochRecord rec, double loss_sum, int64_t seen, double norm_sum,
                       int64_t measured_steps) {
  rec.train_loss = loss_sum / static_cast<double>(seen);
  rec.train_accuracy = rec.val_loss = rec.val_accuracy = std::nan("");
  rec.grad_norm = measured_steps > 0 ? norm_sum / static_cast<double>(measured_steps) : std::nan("");
  if (measured_steps == 0) rec.grad_norm_max = std::nan("");
  write_diverged_history(r, rec);
}

// The training losses stayed finite but the epoch's last steps did not: its weights, and so its
// validation loss, are not finite.
[[noreturn]] void fail_at_validation(const Run& r, const EpochRecord& rec) {
  write_diverged_history(r, rec);
  throw TrainingDiverged("training diverged: the validation loss is " + number_text(rec.val_loss) + " after epoch " +
                         std::to_string(rec.epoch) + "; " + divergence_advice(r));
}

// The per-layer sums of an epoch's steps, continued from a stopped epoch's; an epoch resumed from the
// checkpoint of an earlier version lacks the sums of its first steps and records no per-layer values.
struct LayerSums {
  bool measured = true;
  std::vector<double> grad_norm, update_ratio;

  LayerSums(const EpochProgress& done, std::size_t layers)
      : grad_norm(done.layer_grad_norm_sum), update_ratio(done.layer_update_ratio_sum) {
    if (done.batches == 0) grad_norm = update_ratio = std::vector<double>(layers, 0.0);
    measured = grad_norm.size() == layers && update_ratio.size() == layers;
  }
  void add(const StepRecord& step) {
    if (!measured) return;
    for (std::size_t l = 0; l < grad_norm.size(); ++l) {
      grad_norm[l] += step.layer_grad_norm[l];
      update_ratio[l] += step.layer_update_ratio[l];
    }
  }
  // The means over the epoch's steps, to the digits a diagnosis reads.
  void record(EpochRecord& rec, int64_t steps) const {
    if (!measured) return;
    for (std::size_t l = 0; l < grad_norm.size(); ++l) {
      rec.layer_grad_norm.push_back(round_significant(grad_norm[l] / static_cast<double>(steps)));
      rec.layer_update_ratio.push_back(round_significant(update_ratio[l] / static_cast<double>(steps)));
    }
  }
};

// The next optimizer step's batches: `accumulate` of them, fewer at the end of the epoch.
std::vector<data::Batch> next_group(const Run& r, data::DataLoader& loader) {
  std::vector<data::Batch> group;
  while (static_cast<int64_t>(group.size()) < r.config.accumulate)
    if (auto batch = loader.next()) group.push_back(std::move(*batch));
    else break;
  return group;
}

// Trains epoch `epoch`, or what is left of it when a stopped run left its sums in r.state.partial.
// Returns nothing when `stop` ends it before its last batch; the sums so far are then in r.state.partial.
std::optional<EpochRecord> train_epoch(Run& r, data::DataLoader& loader, int64_t epoch, ProgressReporter& progress,
                                       GradientReducer* reducer, const std::atomic<bool>* stop) {
  const auto start = Clock::now();
  r.model->train();
  EpochProgress& done = r.state.partial;
  if (done.batches == 0) done.lr = r.optimizer->lr();
  loader.start_epoch(epoch, done.batches);
  EpochRecord rec{.epoch = epoch + 1, .lr = done.lr, .grad_norm_max = done.grad_norm_max};
  double loss_sum = done.loss_sum, norm_sum = done.grad_norm_sum;
  LayerSums layer_sums(done, r.layers.layers.size());
  int64_t seen = done.seen, correct = done.correct, batch_index = done.batches;
  const int64_t batches = loader.batches_per_epoch(), first_batch = done.batches, first_seen = done.seen;
  const auto steps_in = [&](int64_t b) { return (b + r.config.accumulate - 1) / r.config.accumulate; };
  for (std::vector<data::Batch> group = next_group(r, loader); !group.empty(); group = next_group(r, loader)) {
    batch_index += static_cast<int64_t>(group.size());
    const StepRecord step = step_on_group(r, group, reducer, stop);
    if (!std::isfinite(step.loss_sum)) {
      record_divergence(r, rec, loss_sum + step.loss_sum, seen + step.samples, norm_sum, steps_in(batch_index) - 1);
      throw TrainingDiverged("training diverged: the loss is " +
                             std::to_string(step.loss_sum / static_cast<double>(step.samples)) + " at epoch " +
                             std::to_string(epoch + 1) + ", batch " + std::to_string(batch_index) + "; " +
                             divergence_advice(r));
    }
    norm_sum += step.grad_norm;
    layer_sums.add(step);
    rec.grad_norm_max = std::max(rec.grad_norm_max, step.grad_norm);
    if (r.schedule && r.config.schedule.name == "onecycle") r.schedule->step();
    seen += step.samples;
    loss_sum += step.loss_sum;
    correct += step.correct;
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    progress.on_batch({.epoch = epoch + 1, .epochs = r.config.epochs, .batch = batch_index, .batches = batches,
                       .samples_per_second = static_cast<double>(seen - first_seen) / std::max(elapsed, 1e-9),
                       .running_loss = loss_sum / static_cast<double>(seen),
                       .eta_seconds = elapsed / static_cast<double>(batch_index - first_batch) *
                                      static_cast<double>(batches - batch_index)});
    // The ranks of a data-parallel run stop at the batch they agreed on; one process as soon as asked.
    const bool stopping = r.world > 1 ? step.stop : stop && stop->load();
    if (stopping && batch_index < batches) {
      done = {.batches = batch_index, .seen = seen, .correct = correct, .loss_sum = loss_sum,
              .grad_norm_sum = norm_sum, .grad_norm_max = rec.grad_norm_max, .lr = rec.lr,
              .seconds = done.seconds + elapsed, .layer_grad_norm_sum = layer_sums.grad_norm,
              .layer_update_ratio_sum = layer_sums.update_ratio};
      r.train_seconds += elapsed;
      r.trained_samples += seen - first_seen;
      return std::nullopt;
    }
  }
  rec.train_loss = loss_sum / static_cast<double>(seen);
  rec.train_accuracy = static_cast<double>(correct) / static_cast<double>(seen);
  rec.grad_norm = norm_sum / static_cast<double>(steps_in(batch_index));
  layer_sums.record(rec, steps_in(batch_index));
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  rec.seconds = done.seconds + elapsed;
  r.train_seconds += elapsed;
  r.trained_samples += seen - first_seen;
  done = {};
  return rec;
}

void write_weights(const Run& r) {
  if (!r.writer()) return;
  save_safetensors(r.dir / "model.safetensors", r.model->state_dict(),
                   {{"format", "pt"}, {"model", r.model_spec}, {"producer", "nabla"}});
}

// Every rank's dropout generator, rank 0's first (a collective).
std::vector<Generator::State> dropout_states(const Run& r) {
  const Generator::State mine = r.dropout_gen->state();
  const int64_t words[2] = {static_cast<int64_t>(mine.state), static_cast<int64_t>(mine.inc)};
  const std::vector<int64_t> all = dist::all_gather(std::span<const int64_t>(words));
  std::vector<Generator::State> states;
  for (std::size_t i = 0; i + 1 < all.size(); i += 2)
    states.push_back({static_cast<uint64_t>(all[i]), static_cast<uint64_t>(all[i + 1])});
  return states;
}

// Never a checkpoint of non-finite weights: the one on disk stays the last good one. Every rank takes part
// (they agree on the weights' finiteness and gather their dropout states); rank 0 writes.
void write_checkpoint(Run& r) {
  double finite = all_finite(r.model->state_dict()) ? 1 : 0;
  dist::all_reduce(std::span<double>(&finite, 1), dist::ReduceOp::min);
  if (finite == 0)
    throw TrainingDiverged("training diverged: the weights are not finite " + checkpoint_position(r.state) + "; " +
                           divergence_advice(r));
  const std::vector<Generator::State> rngs = dropout_states(r);
  r.state.dropout_rng = rngs.front();
  r.state.dropout_rng_ranks.assign(rngs.begin() + 1, rngs.end());
  r.state.world_size = r.world;
  if (r.writer()) {
    Checkpoint ck{.model = r.model->state_dict(),
                  .optimizer = r.optimizer->state_dict(),
                  .schedule = r.schedule ? r.schedule->state_dict() : TensorMap{},
                  .best_model = r.best_model,
                  .state = r.state,
                  .config = to_json(r.config)};
    write_weights(r);
    save_checkpoint(r.dir, ck);
    r.state.history.write(r.dir);
  }
  r.last_checkpoint = checkpoint_position(r.state);
}

// Updates the best validation loss; returns true when early stopping's patience has run out.
bool track_best(Run& r, double val_loss) {
  if (val_loss < r.state.best_val_loss) {
    r.state.best_val_loss = val_loss;
    r.state.best_epoch = r.state.epoch;
    r.state.stale_epochs = 0;
    if (r.config.early_stopping > 0) r.best_model = deep_copy(r.model->state_dict());
    return false;
  }
  ++r.state.stale_epochs;
  return r.config.early_stopping > 0 && r.state.stale_epochs >= r.config.early_stopping;
}

// Whether the run was asked to stop; the ranks of a data-parallel run agree (any rank's signal stops all).
bool stop_requested(const Run& r, const TrainOptions& options) {
  double stop = options.stop && options.stop->load() ? 1 : 0;
  dist::all_reduce(std::span<double>(&stop, 1), dist::ReduceOp::max);
  return stop > 0;
}

// The model evaluated over every rank's share of data, each rank holding rank 0's buffers (BatchNorm's
// running statistics, which each rank updated from its own batches), as DDP broadcasts them.
Evaluation evaluate_run(Run& r, const data::LabeledData& data) {
  dist::broadcast_buffers(*r.model);
  return evaluate_sharded(*r.model, r.loss, data, {.mirror = r.config.tta == "flip"});
}

// The epochs left to train, each validated and checkpointed; returns whether early stopping ended them.
bool run_epochs(Run& r, data::DataLoader& loader, const TrainOptions& options, ProgressReporter& progress) {
  bool stopped_early = false;
  while (r.state.epoch < r.config.epochs && !stopped_early) {
    std::optional<EpochRecord> rec = train_epoch(r, loader, r.state.epoch, progress, options.reducer.get(), options.stop);
    if (!rec) {
      write_checkpoint(r);
      throw TrainingInterrupted(r.dir, r.last_checkpoint);
    }
    const Evaluation val = evaluate_run(r, r.data.validation);
    rec->val_loss = val.loss;
    rec->val_accuracy = val.accuracy;
    if (!std::isfinite(val.loss) || !all_finite(r.model->state_dict())) fail_at_validation(r, *rec);
    if (r.relu_probe.defined())
      for (double share : dead_relu_shares(*r.model, r.relu_probe)) rec->dead_relu.push_back(round_significant(share));
    ++r.state.epoch;
    r.state.history.epochs.push_back(*rec);
    stopped_early = track_best(r, val.loss);
    if (r.schedule && r.config.schedule.name == "plateau") r.schedule->step(val.loss);
    else if (r.schedule && r.config.schedule.name != "onecycle") r.schedule->step();
    write_checkpoint(r);
    progress.on_epoch(*rec, r.config.epochs);
    if (stop_requested(r, options) && r.state.epoch < r.config.epochs && !stopped_early)
      throw TrainingInterrupted(r.dir, r.last_checkpoint);
  }
  return stopped_early;
}

// The precision of the run's convolutions and matrix products: as configured where the CPU can, else
// float32, said once before the first epoch.
Precision run_precision(const Run& r, ProgressReporter& progress) {
  const Precision p = parse_precision(r.config.precision);
  if (p != Precision::bf16 || cpu_has_bf16()) return p;
  progress.message("note: --precision bf16: this CPU has no bfloat16 instructions (AVX512_BF16 or AMX); the run "
                   "computes in float32");
  return Precision::f32;
}

// The sharpness of the weights the run ends with. The model is in eval mode meanwhile, so that the loss
// is one fixed function of the weights (no dropout mask) and batch norm's running statistics stay as
// they are. Every rank measures the same weights on the same batch, so every rank's history agrees.
void record_sharpness(Run& r) {
  r.model->eval();
  const double lr = r.state.history.epochs.empty() ? r.optimizer->lr() : r.state.history.epochs.back().lr;
  r.state.history.sharpness = measure_sharpness([&](const data::Batch& b) { return batch_loss(r, b); }, r.params,
                                                r.data.train, lr, {.seed = r.config.seed});
  r.model->train();
  if (r.writer()) r.state.history.write(r.dir);
}

// "data-parallel: 2 processes (Open MPI v4.1.4), each 32 samples of every batch of 64, 1 thread each"
std::string world_note(const Run& r) {
  return "data-parallel: " + std::to_string(r.world) + " processes (" + dist::backend_name() + "), each " +
         std::to_string(r.config.batch_size / r.world) + " samples of every batch of " +
         std::to_string(r.config.batch_size) + ", " + std::to_string(num_threads()) + " thread(s) each";
}

}  // namespace
}  // namespace detail

TrainingInterrupted::TrainingInterrupted(const std::filesystem::path& dir, const std::string& position)
    : std::runtime_error("training stopped; the checkpoint in " + dir.string() + " holds the run " + position),
      dir_(dir) {}

std::filesystem::path resolve_run_dir(const TrainConfig& config) {
  if (!config.out.empty()) return config.out;
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::gmtime(&now));
  const std::string name = config.model.find('(') == std::string::npos ? config.model : "custom";
  return std::filesystem::path("runs") / (name + "-" + stamp);
}

TrainResult run_training(TrainConfig config, const TrainOptions& options) {
  using namespace detail;
  dist::fail_together([&] { validate(config); });
  Run r = make_run(config, options.resume);
  const std::shared_ptr<ProgressReporter> progress =
      !r.writer() ? make_progress(ProgressStyle::quiet) : options.progress ? options.progress : make_progress();
  r.render_report = options.render_report;
  if (r.writer()) {
    io::write_file_atomic(r.dir / "config.json", to_json(r.effective).dump(2) + "\n");
    io::write_file_atomic(r.dir / "data.json",
                          data_description(r.data.train, r.data.normalization, r.data.source).dump(2) + "\n");
  }
  data::DataLoader loader(r.data.train, {.batch_size = r.config.batch_size, .shuffle = true, .seed = r.config.seed,
                                         .rank = r.rank, .world_size = r.world,
                                         .augment = data::parse_augmentation(r.config.augment)});
  if (r.world > 1) progress->message(world_note(r));
  if (r.writer()) progress->message(nn::compact_model_summary(nn::summarize_model(*r.model, r.data.train.sample_shape)));
  if (options.resume) progress->message(r.resume_note);
  const Precision precision = run_precision(r, *progress);
  const bool stopped_early = [&] {
    const PrecisionGuard guard(precision);
    return run_epochs(r, loader, options, *progress);
  }();
  if (r.config.early_stopping > 0 && !r.best_model.empty()) {
    r.model->load_state_dict(r.best_model);
    write_weights(r);
    progress->message("restored the best weights, from epoch " + std::to_string(r.state.best_epoch));
  }
  record_sharpness(r);  // in float32: a Hessian's curvature, not a training step
  TrainResult result{.out = r.dir, .history = r.state.history, .best_epoch = r.state.best_epoch,
                     .stopped_early = stopped_early, .world_size = r.world};
  {
    const PrecisionGuard guard(precision);
    result.validation = evaluate_run(r, r.data.validation);
    if (options.evaluate_test) result.test = evaluate_run(r, r.data.test);  // its one and only use
  }
  if (r.train_seconds > 0) {
    result.samples_per_second = static_cast<double>(r.trained_samples) / r.train_seconds;
    const double waited = r.wait_seconds + (r.all_reduce ? r.all_reduce->stats().wait_seconds : 0);
    result.waiting_fraction = waited / r.train_seconds;
    if (r.all_reduce) result.bucket_copy_fraction = r.all_reduce->stats().fill_seconds / r.train_seconds;
  }
  if (r.writer()) {
    write_run_metrics(r.dir, result.validation, options.evaluate_test ? &result.test : nullptr,
                      r.data.train.class_names);
    if (r.render_report) r.render_report(r.dir);
  }
  return result;
}

}  // namespace nabla::train
