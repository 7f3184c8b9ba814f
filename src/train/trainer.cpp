// The training loop, its checkpoints and its final evaluation.
#include <nabla/train/trainer.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>
#include <stdexcept>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>
#include <nabla/data/data_loader.h>
#include <nabla/io/atomic_file.h>
#include <nabla/io/folder_lock.h>
#include <nabla/io/shell_quote.h>
#include <nabla/loss/l2_penalty.h>
#include <nabla/nn/model_spec.h>
#include <nabla/optim/factory.h>
#include <nabla/tensor/threads.h>
#include <nabla/train/data_splits.h>
#include <nabla/train/initial_weights.h>
#include <nabla/train/run_metrics.h>
#include <nabla/train/saved_run.h>

namespace nabla::train {
namespace {

using Clock = std::chrono::steady_clock;

// Everything alive during a run.
struct Run {
  io::FolderLock lock;     // first, so that it is released last
  TrainConfig config;     // as given: what the checkpoint keeps
  TrainConfig effective;  // every default resolved: what config.json shows
  std::function<void(const std::filesystem::path&)> render_report;  // TrainOptions::render_report
  std::filesystem::path dir;
  DataSplits data;
  std::shared_ptr<Generator> dropout_gen;
  std::shared_ptr<nn::Sequential> model;
  loss::Loss loss;
  std::unique_ptr<optim::Optimizer> optimizer;
  std::unique_ptr<optim::LRScheduler> schedule;
  std::vector<Tensor> params, weights;  // trainable parameters; those the L2 penalty applies to
  TrainerState state;
  TensorMap best_model;
  double initial_lr = 0;        // the rate the config resolves to, before any schedule
  std::string last_checkpoint;  // where the checkpoint on disk stands ("after epoch 2"); empty: none
  std::string resume_note;      // what resuming found, for the progress output
};

TensorMap deep_copy(const std::map<std::string, Tensor>& m) {
  TensorMap out;
  for (const auto& [k, v] : m) out.emplace(k, v.clone());
  return out;
}

template <class T>
double sum_of_squares(const T* v, int64_t n) {
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (int64_t i = 0; i < n; ++i) s += static_cast<double>(v[i]) * static_cast<double>(v[i]);
  return s;
}

// Σ t² in double, read in place; 0 for integer tensors (counters).
double sum_of_squares(const Tensor& t) {
  const Tensor c = t.contiguous();
  if (c.dtype() == DType::f32) return sum_of_squares(c.data<float>(), c.numel());
  if (c.dtype() == DType::f64) return sum_of_squares(c.data<double>(), c.numel());
  return 0;
}

// Whether every value is finite: one NaN or ±inf makes the sum of squares non-finite (as does a float64
// value beyond 1e154, which has diverged as surely).
bool all_finite(const TensorMap& tensors) {
  for (const auto& [name, t] : tensors)
    if (!std::isfinite(sum_of_squares(t))) return false;
  return true;
}

// Where a checkpoint with this state stands: "after epoch 2", or "at epoch 3, batch 17" mid-epoch.
std::string checkpoint_position(const TrainerState& s) {
  if (s.partial.batches == 0) return "after epoch " + std::to_string(s.epoch);
  return "at epoch " + std::to_string(s.epoch + 1) + ", batch " + std::to_string(s.partial.batches);
}

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

void load_run_checkpoint(Run& r) {
  Checkpoint ck = load_checkpoint(r.dir);
  if (!all_finite(ck.model))
    throw std::runtime_error(checkpoint_path(r.dir).string() + " holds non-finite weights and cannot be resumed; "
                             "start a new run with a lower --lr");
  r.resume_note = "resuming " + r.dir.string() + " from its checkpoint " + checkpoint_position(ck.state);
  const double saved_lr = *optim::with_defaults(config_from_json(ck.config, {}, ConfigOrigin::saved).optimizer).lr;
  if (saved_lr != r.initial_lr) {
    if (r.config.schedule.name == "onecycle" && r.config.schedule.max_lr)
      throw std::invalid_argument("--lr: the onecycle schedule takes its rates from schedule.max_lr (" +
                                  number_text(*r.config.schedule.max_lr) + "), so a new learning rate changes nothing");
    scale_learning_rates(ck, r.initial_lr / saved_lr);
    r.resume_note += "; learning rate " + number_text(saved_lr) + " -> " + number_text(r.initial_lr) +
                     " (the optimizer's and the schedule's rates scaled by " + number_text(r.initial_lr / saved_lr) + ")";
  }
  r.model->load_state_dict(ck.model);
  r.optimizer->load_state_dict(ck.optimizer);
  if (r.schedule) r.schedule->load_state_dict(ck.schedule);
  r.state = ck.state;
  r.dropout_gen->set_state(r.state.dropout_rng);
  r.best_model = std::move(ck.best_model);
  r.last_checkpoint = checkpoint_position(r.state);
}

void set_up_run(Run& r, bool resume) {
  const TrainConfig& config = r.config;
  io::remove_stale_temporaries(r.dir);
  if (config.threads > 0) set_num_threads(config.threads);
  r.data = load_data_splits(config);
  r.dropout_gen = std::make_shared<Generator>(config.seed + 1);
  ModelAndLoss ml = build_model_and_loss(config, r.data.train.sample_shape, r.data.train.num_classes, r.dropout_gen);
  r.model = std::move(ml.model);
  r.loss = std::move(ml.loss);
  if (!resume && !config.init_from.empty()) load_initial_weights(*r.model, config.init_from);
  for (const auto& [name, p] : r.model->named_parameters()) {
    if (!p.requires_grad()) continue;
    r.params.push_back(p);
    if (name.size() >= 6 && name.compare(name.size() - 6, 6, "weight") == 0) r.weights.push_back(p);
  }
  r.effective = effective_config(r.config, (r.data.train.size() + config.batch_size - 1) / config.batch_size);
  r.optimizer = optim::make_optimizer(r.effective.optimizer, r.params);
  r.initial_lr = r.optimizer->lr();  // before a schedule sets its own starting rate (onecycle's max_lr / 25)
  r.schedule = optim::make_schedule(r.effective.schedule, *r.optimizer);
  if (resume) {
    load_run_checkpoint(r);
  } else if (std::filesystem::exists(checkpoint_path(r.dir))) {
    throw std::invalid_argument(r.dir.string() + " already holds a run; pass --resume " + r.dir.string() +
                                " to continue it, or choose another --out");
  }
}

// Locks the run folder (creating it) before anything else, so that a second writer fails at once; a
// setup that fails leaves no folder of its own making behind.
Run make_run(const TrainConfig& config, bool resume) {
  Run r;
  r.config = config;
  r.dir = resolve_run_dir(config);
  r.config.out = r.dir.string();
  const bool existed = std::filesystem::exists(r.dir);
  r.lock = io::FolderLock(r.dir, "training");
  try {
    set_up_run(r, resume);
  } catch (...) {
    if (!existed) {
      r.lock = {};
      std::error_code ignored;
      std::filesystem::remove(r.dir / io::FolderLock::kFileName, ignored);
      std::filesystem::remove(r.dir, ignored);  // only when empty
    }
    throw;
  }
  return r;
}

// Correct predictions in a batch: argmax of the logits, or the sign of a single score.
int64_t count_correct(const Tensor& out, const Tensor& labels) {
  const std::vector<int64_t> y = labels.to_vector<int64_t>();
  int64_t correct = 0;
  if (out.dim() == 1 || out.size(-1) == 1) {
    const std::vector<double> s = out.to_vector<double>();
    for (std::size_t i = 0; i < y.size(); ++i) correct += (s[i] > 0 ? 1 : 0) == y[i];
  } else {
    const std::vector<int64_t> pred = argmax(out.detach(), -1).to_vector<int64_t>();
    for (std::size_t i = 0; i < y.size(); ++i) correct += pred[i] == y[i];
  }
  return correct;
}

// ‖(∂L/∂θ₁, …, ∂L/∂θₙ)‖₂ over all parameters, read in place.
double gradient_norm(const std::vector<Tensor>& params) {
  double s = 0;
  for (const Tensor& p : params)
    if (p.grad().defined()) s += sum_of_squares(p.grad());
  return std::sqrt(s);
}

// Forward, loss (+ L2), backward and the gradient seam for one batch; returns the loss and the output.
// This is the optimizer's closure (Optimizer's contract), so the reducer runs once per gradient.
std::pair<Tensor, Tensor> forward_backward(Run& r, const data::Batch& b, GradientReducer* reducer) {
  zero_grad(r.params);
  const Tensor out = (*r.model)(b.x);
  Tensor l = r.loss(out, loss::encode_targets(b.y, r.loss.target, out));
  if (r.config.l2 > 0) l = add(l, loss::l2_penalty(r.weights, r.config.l2));
  if (!std::isfinite(l.item())) return {l, out};
  backward(l);
  if (reducer) reducer->reduce(r.params);
  return {l, out};
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
  History history = r.state.history;
  history.epochs.push_back(rec);
  history.write(r.dir);
  if (r.render_report) r.render_report(r.dir);
}

// What an epoch keeps of one batch.
struct BatchRecord {
  double loss = 0;
  Tensor output;  // detached: the graph is not kept through the optimizer's step
  double grad_norm = 0;
};

// One optimizer step on a batch, with forward_backward as its closure. The batch is recorded at its
// first evaluation, at the weights before the step (L-BFGS and Newton's line search evaluate again).
BatchRecord step_on_batch(Run& r, const data::Batch& b, GradientReducer* reducer) {
  std::optional<BatchRecord> first;
  r.optimizer->step([&] {
    auto [l, out] = forward_backward(r, b, reducer);
    if (!first) first = BatchRecord{.loss = l.item(), .output = out.detach(), .grad_norm = gradient_norm(r.params)};
    return l;
  });
  return *first;
}

void record_divergence(const Run& r, EpochRecord rec, double loss_sum, int64_t seen, double norm_sum,
                       int64_t measured_batches) {
  rec.train_loss = loss_sum / static_cast<double>(seen);
  rec.train_accuracy = rec.val_loss = rec.val_accuracy = std::nan("");
  rec.grad_norm = measured_batches > 0 ? norm_sum / static_cast<double>(measured_batches) : std::nan("");
  if (measured_batches == 0) rec.grad_norm_max = std::nan("");
  write_diverged_history(r, rec);
}

// The training losses stayed finite but the epoch's last steps did not: its weights, and so its
// validation loss, are not finite.
[[noreturn]] void fail_at_validation(const Run& r, const EpochRecord& rec) {
  write_diverged_history(r, rec);
  throw std::runtime_error("training diverged: the validation loss is " + number_text(rec.val_loss) +
                           " after epoch " + std::to_string(rec.epoch) + "; " + divergence_advice(r));
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
  int64_t seen = done.seen, correct = done.correct, batch_index = done.batches;
  const int64_t batches = loader.batches_per_epoch(), first_batch = done.batches, first_seen = done.seen;
  while (auto batch = loader.next()) {
    ++batch_index;
    const BatchRecord result = step_on_batch(r, *batch, reducer);
    const double lv = result.loss;
    if (!std::isfinite(lv)) {
      record_divergence(r, rec, loss_sum + lv * static_cast<double>(batch->y.numel()), seen + batch->y.numel(),
                        norm_sum, batch_index - 1);
      throw std::runtime_error("training diverged: the loss is " + std::to_string(lv) + " at epoch " +
                               std::to_string(epoch + 1) + ", batch " + std::to_string(batch_index) + "; " +
                               divergence_advice(r));
    }
    norm_sum += result.grad_norm;
    rec.grad_norm_max = std::max(rec.grad_norm_max, result.grad_norm);
    if (r.schedule && r.config.schedule.name == "onecycle") r.schedule->step();
    const int64_t n = batch->y.numel();
    seen += n;
    loss_sum += lv * static_cast<double>(n);
    correct += count_correct(result.output, batch->y);
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    progress.on_batch({.epoch = epoch + 1, .epochs = r.config.epochs, .batch = batch_index, .batches = batches,
                       .samples_per_second = static_cast<double>(seen - first_seen) / std::max(elapsed, 1e-9),
                       .running_loss = loss_sum / static_cast<double>(seen),
                       .eta_seconds = elapsed / static_cast<double>(batch_index - first_batch) *
                                      static_cast<double>(batches - batch_index)});
    if (stop && stop->load() && batch_index < batches) {
      done = {.batches = batch_index, .seen = seen, .correct = correct, .loss_sum = loss_sum,
              .grad_norm_sum = norm_sum, .grad_norm_max = rec.grad_norm_max, .lr = rec.lr,
              .seconds = done.seconds + elapsed};
      return std::nullopt;
    }
  }
  rec.train_loss = loss_sum / static_cast<double>(seen);
  rec.train_accuracy = static_cast<double>(correct) / static_cast<double>(seen);
  rec.grad_norm = norm_sum / static_cast<double>(batch_index);
  rec.seconds = done.seconds + std::chrono::duration<double>(Clock::now() - start).count();
  done = {};
  return rec;
}

void write_weights(const Run& r) {
  save_safetensors(r.dir / "model.safetensors", r.model->state_dict(),
                   {{"format", "pt"}, {"model", nn::expand_model_spec(r.config.model)}, {"producer", "nabla"}});
}

// Never a checkpoint of non-finite weights: the one on disk stays the last good one.
void write_checkpoint(Run& r) {
  if (!all_finite(r.model->state_dict()))
    throw std::runtime_error("training diverged: the weights are not finite " + checkpoint_position(r.state) + "; " +
                             divergence_advice(r));
  r.state.dropout_rng = r.dropout_gen->state();
  Checkpoint ck{.model = r.model->state_dict(),
                .optimizer = r.optimizer->state_dict(),
                .schedule = r.schedule ? r.schedule->state_dict() : TensorMap{},
                .best_model = r.best_model,
                .state = r.state,
                .config = to_json(r.config)};
  write_weights(r);
  save_checkpoint(r.dir, ck);
  r.state.history.write(r.dir);
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

bool stop_requested(const TrainOptions& options) { return options.stop && options.stop->load(); }

// The epochs left to train, each validated and checkpointed; returns whether early stopping ended them.
bool run_epochs(Run& r, data::DataLoader& loader, const TrainOptions& options, ProgressReporter& progress) {
  bool stopped_early = false;
  while (r.state.epoch < r.config.epochs && !stopped_early) {
    std::optional<EpochRecord> rec = train_epoch(r, loader, r.state.epoch, progress, options.reducer.get(), options.stop);
    if (!rec) {
      write_checkpoint(r);
      throw TrainingInterrupted(r.dir, r.last_checkpoint);
    }
    const Evaluation val = evaluate(*r.model, r.loss, r.data.validation);
    rec->val_loss = val.loss;
    rec->val_accuracy = val.accuracy;
    if (!std::isfinite(val.loss) || !all_finite(r.model->state_dict())) fail_at_validation(r, *rec);
    ++r.state.epoch;
    r.state.history.epochs.push_back(*rec);
    stopped_early = track_best(r, val.loss);
    if (r.schedule && r.config.schedule.name == "plateau") r.schedule->step(val.loss);
    else if (r.schedule && r.config.schedule.name != "onecycle") r.schedule->step();
    write_checkpoint(r);
    progress.on_epoch(*rec, r.config.epochs);
    if (stop_requested(options) && r.state.epoch < r.config.epochs && !stopped_early)
      throw TrainingInterrupted(r.dir, r.last_checkpoint);
  }
  return stopped_early;
}

}  // namespace

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
  validate(config);
  const std::shared_ptr<ProgressReporter> progress = options.progress ? options.progress : make_progress();
  Run r = make_run(config, options.resume);
  r.render_report = options.render_report;
  io::write_file_atomic(r.dir / "config.json", to_json(r.effective).dump(2) + "\n");
  io::write_file_atomic(r.dir / "data.json",
                        data_description(r.data.train, r.data.normalization, r.data.source).dump(2) + "\n");
  data::DataLoader loader(r.data.train, {.batch_size = r.config.batch_size, .shuffle = true, .seed = r.config.seed});
  if (options.resume) progress->message(r.resume_note);
  const bool stopped_early = run_epochs(r, loader, options, *progress);
  if (r.config.early_stopping > 0 && !r.best_model.empty()) {
    r.model->load_state_dict(r.best_model);
    write_weights(r);
    progress->message("restored the best weights, from epoch " + std::to_string(r.state.best_epoch));
  }
  TrainResult result{.out = r.dir, .history = r.state.history, .best_epoch = r.state.best_epoch,
                     .stopped_early = stopped_early};
  result.validation = evaluate(*r.model, r.loss, r.data.validation);
  if (options.evaluate_test) result.test = evaluate(*r.model, r.loss, r.data.test);  // its one and only use
  write_run_metrics(r.dir, result.validation, options.evaluate_test ? &result.test : nullptr,
                    r.data.train.class_names);
  if (r.render_report) r.render_report(r.dir);
  return result;
}

}  // namespace nabla::train
