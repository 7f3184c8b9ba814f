// Setting up a run on every rank: the folder (rank 0's), the data, model and optimizer, the check that
// every rank has the same config and data, and the starting point (the checkpoint, or rank 0's weights).
#include <algorithm>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <thread>

#include <nabla/data/augmentation.h>
#include <nabla/dist/agreement.h>
#include <nabla/dist/data_parallel.h>
#include <nabla/dist/sync_batch_norm.h>
#include <nabla/dist/world.h>
#include <nabla/io/atomic_file.h>
#include <nabla/optim/factory.h>
#include <nabla/tensor/threads.h>
#include <nabla/train/fine_tuning.h>
#include <nabla/train/initial_weights.h>
#include <nabla/train/saved_run.h>
#include <nabla/train/trainer.h>

#include "run.h"

namespace nabla::train::detail {
namespace {

// Rank 0 draws the dropout masks of a single process (seed + 1); every other rank a stream of its own,
// from the seed and its rank.
uint64_t dropout_seed(uint64_t seed, int rank) {
  if (rank == 0) return seed + 1;
  uint64_t z = seed + 1 + 0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(rank);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

template <class T>
std::span<const std::byte> bytes_of(const std::vector<T>& v) {
  return std::as_bytes(std::span<const T>(v));
}

// What every rank must share: the config (but threads, which may differ with each machine's cores) and
// every sample and label of the three sets.
std::vector<dist::Fingerprint> fingerprints(const Run& r) {
  nlohmann::json config = to_json(r.config);
  config.erase("threads");
  const std::string text = config.dump();
  uint64_t data = 0;
  for (const data::LabeledData* d : {&r.data.train, &r.data.validation, &r.data.test}) {
    data = dist::fingerprint(bytes_of(d->features), data);
    data = dist::fingerprint(bytes_of(d->labels), data);
    data = dist::fingerprint(bytes_of(d->sample_shape), data);
  }
  return {{"config", dist::fingerprint(std::as_bytes(std::span<const char>(text)))}, {"data", data}};
}

void load_run_checkpoint(Run& r) {
  Checkpoint ck = load_checkpoint_from_rank0(r.dir);
  if (!all_finite(ck.model))
    throw std::runtime_error(checkpoint_path(r.dir).string() + " holds non-finite weights and cannot be resumed; "
                             "start a new run with a lower --lr");
  r.resume_note = "resuming " + r.dir.string() + " from its checkpoint " + checkpoint_position(ck.state);
  if (ck.state.world_size != r.world)
    r.resume_note += " (written by " + std::to_string(ck.state.world_size) + " processes, continued by " +
                     std::to_string(r.world) + ")";
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
  // Each rank continues its own dropout stream; with more ranks than the checkpoint knew, a new rank
  // starts a fresh one.
  if (r.rank == 0)
    r.dropout_gen->set_state(r.state.dropout_rng);
  else if (r.rank - 1 < static_cast<int>(r.state.dropout_rng_ranks.size()))
    r.dropout_gen->set_state(r.state.dropout_rng_ranks[static_cast<std::size_t>(r.rank - 1)]);
  r.best_model = std::move(ck.best_model);
  r.last_checkpoint = checkpoint_position(r.state);
}

// The threads of each rank: as configured, or the machine's cores shared among the ranks it runs.
void set_threads(const TrainConfig& config) {
  if (config.threads > 0) {
    set_num_threads(config.threads);
  } else if (dist::local_world_size() > 1) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    set_num_threads(std::max(1, cores / dist::local_world_size()));
  }
}

// Dead ReLUs are counted on the first validation samples: enough that a unit firing for one sample in
// a hundred is seen firing, few enough to cost less than a validation pass.
constexpr int64_t kReluProbeSamples = 512;

Tensor relu_probe(const nn::Sequential& model, const data::LabeledData& validation) {
  if (relu_layer_names(model).empty() || validation.size() == 0) return {};
  data::DataLoader loader(validation, {.batch_size = std::min(kReluProbeSamples, validation.size()), .shuffle = false,
                                       .prefetch = false});
  loader.start_epoch(0);
  return loader.next()->x;
}

// What every rank builds alone; a failure here may be one rank's (its data file is missing).
void build(Run& r) {
  const TrainConfig& config = r.config;
  if (r.world > 1 && config.batch_size % r.world != 0)
    throw std::invalid_argument("config: batch_size: must be a multiple of the " + std::to_string(r.world) +
                                " processes (each takes batch_size / " + std::to_string(r.world) +
                                " samples of every batch), not " + std::to_string(config.batch_size));
  if (r.world > 1 && optim::with_defaults(config.optimizer).name == "newton")
    throw std::invalid_argument("config: optimizer.name: newton differentiates the gradient of one process and "
                                "runs in a single process, not " + std::to_string(r.world));
  if (r.writer()) io::remove_stale_temporaries(r.dir);
  set_threads(config);
  r.data = load_data_splits(config);
  try {
    data::check_augmentation(data::parse_augmentation(config.augment), r.data.train.sample_shape);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("augment (--augment): ") + e.what());
  }
  try {  // before training, not at the first validation
    if (config.tta == "flip") data::check_augmentation({.flip = true}, r.data.train.sample_shape);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("tta (--tta): ") + e.what());
  }
  r.dropout_gen = std::make_shared<Generator>(dropout_seed(config.seed, r.rank));
  ModelAndLoss ml = build_model_and_loss(config, r.data.train.sample_shape, r.data.train.num_classes, r.dropout_gen);
  r.model = std::move(ml.model);
  r.model_spec = std::move(ml.spec);
  r.loss = std::move(ml.loss);
  if (config.sync_bn) (void)dist::convert_sync_batchnorm(*r.model);
  if (!config.freeze.empty()) (void)freeze_parameters(*r.model, parse_prefix_list(config.freeze));
  nn::NamedTensors trained;
  for (const auto& [name, p] : r.model->named_parameters()) {
    if (!p.requires_grad()) continue;
    r.params.push_back(p);
    trained.emplace_back(name, p);
    if (name.size() >= 6 && name.compare(name.size() - 6, 6, "weight") == 0) r.weights.push_back(p);
  }
  r.layers = index_layers(trained);
  r.relu_probe = relu_probe(*r.model, r.data.validation);
  const int64_t batches = (r.data.train.size() + config.batch_size - 1) / config.batch_size;
  r.effective = effective_config(r.config, (batches + config.accumulate - 1) / config.accumulate);
  r.optimizer = optim::make_optimizer(r.effective.optimizer, r.params);
  r.initial_lr = r.optimizer->lr();  // before a schedule sets its own starting rate (onecycle's max_lr / 25)
  r.schedule = optim::make_schedule(r.effective.schedule, *r.optimizer);
  if (r.world > 1) r.all_reduce = std::make_unique<AllReduceGradients>(r.params);
}

// The names the history's per-layer values go with (a checkpoint of an earlier version has none).
void name_layers(Run& r) {
  r.state.history.layers = r.layers.layers;
  r.state.history.relu_layers = relu_layer_names(*r.model);
}

void set_up_run(Run& r, bool resume) {
  dist::fail_together([&] { build(r); });
  // Hashing every sample takes a noticeable moment on a large dataset: only where there is someone to agree with.
  if (r.world > 1) dist::require_same_everywhere(fingerprints(r));
  if (resume) {
    load_run_checkpoint(r);
    return;
  }
  dist::fail_together([&] {
    if (r.writer() && std::filesystem::exists(checkpoint_path(r.dir)))
      throw std::invalid_argument(r.dir.string() + " already holds a run; pass --resume " + r.dir.string() +
                                  " to continue it, or choose another --out");
    if (r.writer() && !r.config.init_from.empty())
      load_initial_weights(*r.model, r.config.init_from, r.config.reset_head ? head_prefix(*r.model) : "");
  });
  dist::broadcast_state(*r.model);  // every rank starts from rank 0's weights
}

}  // namespace

Run make_run(const TrainConfig& config, bool resume) {
  Run r;
  r.config = config;
  r.rank = dist::rank();
  r.world = dist::world_size();
  // Rank 0's clock names a folder left to the default.
  r.dir = dist::from_root([&] { return resolve_run_dir(config).string(); });
  r.config.out = r.dir.string();
  bool existed = false;
  dist::fail_together([&] {
    if (!r.writer()) return;
    existed = std::filesystem::exists(r.dir);
    r.lock = io::FolderLock(r.dir, "training");
  });
  try {
    set_up_run(r, resume);
    name_layers(r);
  } catch (...) {
    if (r.writer() && !existed) {
      r.lock = {};
      std::error_code ignored;
      std::filesystem::remove(r.dir / io::FolderLock::kFileName, ignored);
      std::filesystem::remove(r.dir, ignored);  // only when empty
    }
    throw;
  }
  return r;
}

}  // namespace nabla::train::detail
