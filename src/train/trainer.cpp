// The training loop, its checkpoints and its final evaluation.
#include <nabla/train/trainer.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <optional>
#include <stdexcept>

#include <nabla/autograd/engine.h>
#include <nabla/autograd/ops.h>
#include <nabla/data/data_loader.h>
#include <nabla/io/atomic_file.h>
#include <nabla/loss/l2_penalty.h>
#include <nabla/nn/model_spec.h>
#include <nabla/optim/factory.h>
#include <nabla/tensor/threads.h>
#include <nabla/train/data_splits.h>
#include <nabla/train/initial_weights.h>
#include <nabla/train/run_metrics.h>
#include <nabla/train/run_report.h>
#include <nabla/train/saved_run.h>

namespace nabla::train {
namespace {

using Clock = std::chrono::steady_clock;

// Everything alive during a run.
struct Run {
  TrainConfig config;     // as given: what the checkpoint keeps
  TrainConfig effective;  // every default resolved: what config.json shows
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
};

TensorMap deep_copy(const std::map<std::string, Tensor>& m) {
  TensorMap out;
  for (const auto& [k, v] : m) out.emplace(k, v.clone());
  return out;
}


Run make_run(const TrainConfig& config, bool resume) {
  Run r;
  r.config = config;
  r.dir = resolve_run_dir(config);
  r.config.out = r.dir.string();
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
  r.schedule = optim::make_schedule(r.effective.schedule, *r.optimizer);
  if (resume) {
    Checkpoint ck = load_checkpoint(r.dir);
    r.model->load_state_dict(ck.model);
    r.optimizer->load_state_dict(ck.optimizer);
    if (r.schedule) r.schedule->load_state_dict(ck.schedule);
    r.state = ck.state;
    r.dropout_gen->set_state(r.state.dropout_rng);
    r.best_model = std::move(ck.best_model);
  } else if (std::filesystem::exists(checkpoint_path(r.dir))) {
    throw std::invalid_argument(r.dir.string() + " already holds a run; pass --resume " + r.dir.string() +
                                " to continue it, or choose another --out");
  }
  std::filesystem::create_directories(r.dir);
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

template <class T>
double sum_of_squares(const T* v, int64_t n) {
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (int64_t i = 0; i < n; ++i) s += static_cast<double>(v[i]) * static_cast<double>(v[i]);
  return s;
}

// ‖(∂L/∂θ₁, …, ∂L/∂θₙ)‖₂ over all parameters, read in place.
double gradient_norm(const std::vector<Tensor>& params) {
  double s = 0;
  for (const Tensor& p : params) {
    if (!p.grad().defined()) continue;
    const Tensor g = p.grad().contiguous();
    s += g.dtype() == DType::f32 ? sum_of_squares(g.data<float>(), g.numel()) : sum_of_squares(g.data<double>(), g.numel());
  }
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

// The diverging epoch goes into history.json (not the checkpoint) with its non-finite mean loss, so that
// the doctor and the report can show where and how the run failed.
void record_divergence(const Run& r, EpochRecord rec, double loss_sum, int64_t seen, double norm_sum,
                       int64_t measured_batches) {
  rec.train_loss = loss_sum / static_cast<double>(seen);
  rec.train_accuracy = rec.val_loss = rec.val_accuracy = std::nan("");
  rec.grad_norm = measured_batches > 0 ? norm_sum / static_cast<double>(measured_batches) : std::nan("");
  if (measured_batches == 0) rec.grad_norm_max = std::nan("");
  History history = r.state.history;
  history.epochs.push_back(rec);
  history.write(r.dir);
  write_run_report(r.dir);
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

EpochRecord train_epoch(Run& r, data::DataLoader& loader, int64_t epoch, ProgressReporter& progress,
                        GradientReducer* reducer) {
  const auto start = Clock::now();
  r.model->train();
  loader.start_epoch(epoch);
  EpochRecord rec{.epoch = epoch + 1, .lr = r.optimizer->lr()};
  double loss_sum = 0, norm_sum = 0;
  int64_t seen = 0, correct = 0, batch_index = 0;
  const int64_t batches = loader.batches_per_epoch();
  while (auto batch = loader.next()) {
    ++batch_index;
    const BatchRecord result = step_on_batch(r, *batch, reducer);
    const double lv = result.loss;
    if (!std::isfinite(lv)) {
      record_divergence(r, rec, loss_sum + lv * static_cast<double>(batch->y.numel()), seen + batch->y.numel(),
                        norm_sum, batch_index - 1);
      throw std::runtime_error("training diverged: the loss is " + std::to_string(lv) + " at epoch " +
                               std::to_string(epoch + 1) + ", batch " + std::to_string(batch_index) +
                               "; lower the learning rate. " +
                               (r.state.epoch == 0 ? std::string("No epoch finished, so no checkpoint was written.")
                                                   : "The last good checkpoint (epoch " + std::to_string(r.state.epoch) +
                                                         ") is in " + r.dir.string()));
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
                       .samples_per_second = static_cast<double>(seen) / std::max(elapsed, 1e-9),
                       .running_loss = loss_sum / static_cast<double>(seen),
                       .eta_seconds = elapsed / static_cast<double>(batch_index) * static_cast<double>(batches - batch_index)});
  }
  rec.train_loss = loss_sum / static_cast<double>(seen);
  rec.train_accuracy = static_cast<double>(correct) / static_cast<double>(seen);
  rec.grad_norm = norm_sum / static_cast<double>(batch_index);
  rec.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return rec;
}

void write_weights(const Run& r) {
  save_safetensors(r.dir / "model.safetensors", r.model->state_dict(),
                   {{"format", "pt"}, {"model", nn::expand_model_spec(r.config.model)}, {"producer", "nabla"}});
}

void write_checkpoint(Run& r) {
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

}  // namespace

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
  io::write_file_atomic(r.dir / "config.json", to_json(r.effective).dump(2) + "\n");
  io::write_file_atomic(r.dir / "data.json",
                        data_description(r.data.train, r.data.normalization, r.data.source).dump(2) + "\n");
  data::DataLoader loader(r.data.train, {.batch_size = r.config.batch_size, .shuffle = true, .seed = r.config.seed});
  bool stopped_early = false;
  if (options.resume) progress->message("resuming " + r.dir.string() + " after epoch " + std::to_string(r.state.epoch));
  while (r.state.epoch < r.config.epochs && !stopped_early) {
    EpochRecord rec = train_epoch(r, loader, r.state.epoch, *progress, options.reducer.get());
    const Evaluation val = evaluate(*r.model, r.loss, r.data.validation);
    rec.val_loss = val.loss;
    rec.val_accuracy = val.accuracy;
    ++r.state.epoch;
    r.state.history.epochs.push_back(rec);
    stopped_early = track_best(r, val.loss);
    if (r.schedule && r.config.schedule.name == "plateau") r.schedule->step(val.loss);
    else if (r.schedule && r.config.schedule.name != "onecycle") r.schedule->step();
    write_checkpoint(r);
    progress->on_epoch(rec, r.config.epochs);
  }
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
  write_run_report(r.dir);
  return result;
}

}  // namespace nabla::train
