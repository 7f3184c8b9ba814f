// One-file checkpoints: tensors under prefixes, trainer state and config in the safetensors metadata.
#include <nabla/train/checkpoint.h>

#include <array>
#include <limits>
#include <regex>
#include <stdexcept>
#include <type_traits>

#include <nabla/dist/agreement.h>
#include <nabla/io/atomic_file.h>
#include <nabla/io/printable.h>
#include <nabla/optim/optimizer_state.h>
#include <nabla/train/config_fields.h>

#include "json_text.h"

namespace nabla::train {
namespace {

// Each part of a checkpoint lives under its own name prefix in the one file.
template <class C>
auto sections(C& c) {
  using Map = std::conditional_t<std::is_const_v<C>, const TensorMap, TensorMap>;
  return std::array<std::pair<std::string, Map*>, 4>{
      {{"model.", &c.model}, {"optimizer.", &c.optimizer}, {"schedule.", &c.schedule}, {"best_model.", &c.best_model}}};
}

nlohmann::json partial_json(const EpochProgress& p) {
  nlohmann::json j = {{"batches", p.batches},
                      {"seen", p.seen},
                      {"correct", p.correct},
                      {"loss_sum", p.loss_sum},
                      {"grad_norm_sum", p.grad_norm_sum},
                      {"grad_norm_max", p.grad_norm_max},
                      {"lr", p.lr},
                      {"seconds", p.seconds}};
  if (!p.layer_grad_norm_sum.empty()) j["layer_grad_norm_sum"] = p.layer_grad_norm_sum;
  if (!p.layer_update_ratio_sum.empty()) j["layer_update_ratio_sum"] = p.layer_update_ratio_sum;
  return j;
}

// The counts are whole and bounded (a damaged file must not wrap them); the data loader then checks that
// the batch lies within the epoch.
EpochProgress partial_from_json(const nlohmann::json& j) {
  constexpr int64_t most = std::numeric_limits<int64_t>::max();
  const int64_t batches = whole_number(j.at("batches"), 1, most, "epoch_progress.batches");
  const int64_t seen = whole_number(j.at("seen"), 0, most, "epoch_progress.seen");
  return {.batches = batches, .seen = seen, .correct = whole_number(j.at("correct"), 0, seen, "epoch_progress.correct"),
          .loss_sum = j.at("loss_sum"), .grad_norm_sum = j.at("grad_norm_sum"), .grad_norm_max = j.at("grad_norm_max"),
          .lr = j.at("lr"), .seconds = j.at("seconds"),
          .layer_grad_norm_sum = j.value("layer_grad_norm_sum", std::vector<double>{}),
          .layer_update_ratio_sum = j.value("layer_update_ratio_sum", std::vector<double>{})};
}

nlohmann::json state_json(const TrainerState& s) {
  nlohmann::json j = {{"epoch", s.epoch},
                      {"history", s.history.to_json()},
                      {"best_val_loss", s.best_val_loss},
                      {"best_epoch", s.best_epoch},
                      {"stale_epochs", s.stale_epochs},
                      {"dropout_rng", {s.dropout_rng.state, s.dropout_rng.inc}},
                      {"world_size", s.world_size}};
  if (s.partial.batches > 0) j["epoch_progress"] = partial_json(s.partial);
  for (const Generator::State& g : s.dropout_rng_ranks) j["dropout_rng_ranks"].push_back({g.state, g.inc});
  return j;
}

// A generator's state: two whole numbers >= 0.
Generator::State generator_state(const nlohmann::json& rng, const std::string& name) {
  if (!rng.is_array() || rng.size() != 2 || !rng[0].is_number_unsigned() || !rng[1].is_number_unsigned())
    throw std::invalid_argument(name + ": must be two whole numbers >= 0, not " + io::printable(rng.dump()));
  return {rng[0].get<uint64_t>(), rng[1].get<uint64_t>()};
}

// The trainer state, its counts bounded and consistent so that a damaged file cannot make a run hang:
// epoch in [0, kMaxEpochs], one history record per epoch, best and stale epochs within the run.
void read_state(const nlohmann::json& s, TrainerState& state) {
  state.epoch = whole_number(s.at("epoch"), 0, kMaxEpochs, "epoch");
  state.history = History::from_json(s.at("history"));
  if (state.history.epochs.size() != static_cast<std::size_t>(state.epoch))
    throw std::invalid_argument("the history has " + std::to_string(state.history.epochs.size()) +
                                " epochs, not the " + std::to_string(state.epoch) + " completed");
  state.best_val_loss = s.at("best_val_loss").is_number() ? s.at("best_val_loss").get<double>()
                                                           : std::numeric_limits<double>::infinity();
  state.best_epoch = whole_number(s.at("best_epoch"), 0, state.epoch, "best_epoch");
  state.stale_epochs = whole_number(s.at("stale_epochs"), 0, state.epoch, "stale_epochs");
  state.dropout_rng = generator_state(s.at("dropout_rng"), "dropout_rng");
  // Absent from the checkpoints of single-process runs and of earlier versions.
  state.world_size = s.contains("world_size") ? whole_number(s.at("world_size"), 1, kMaxWorldSize, "world_size") : 1;
  const nlohmann::json ranks = s.value("dropout_rng_ranks", nlohmann::json::array());
  if (!ranks.is_array() || ranks.size() >= static_cast<std::size_t>(kMaxWorldSize))
    throw std::invalid_argument("dropout_rng_ranks: must be a list of fewer than " + std::to_string(kMaxWorldSize) +
                                " generator states");
  for (const nlohmann::json& g : ranks) state.dropout_rng_ranks.push_back(generator_state(g, "dropout_rng_ranks"));
}

const std::string& metadata_field(const std::map<std::string, std::string>& meta, const std::string& key) {
  const auto it = meta.find(key);
  if (it == meta.end()) throw std::invalid_argument("no \"" + key + "\" in __metadata__");
  return it->second;
}

}  // namespace

std::filesystem::path checkpoint_path(const std::filesystem::path& run_dir) { return run_dir / "checkpoint.safetensors"; }

void save_checkpoint(const std::filesystem::path& run_dir, const Checkpoint& c) {
  TensorMap all;
  for (const auto& [prefix, map] : sections(c))
    for (const auto& [name, t] : *map) all.emplace(prefix + name, t);
  save_safetensors(checkpoint_path(run_dir), all,
                   {{"format", "nabla-checkpoint"}, {"trainer_state", state_json(c.state).dump()},
                    {"config", c.config.dump()}});
}

namespace {

Checkpoint parse_checkpoint(const std::string& file, const std::filesystem::path& path) {
  Checkpoint c;
  std::map<std::string, std::string> meta;
  for (auto& [name, t] : parse_safetensors(file, path.string(), &meta)) {
    bool placed = false;
    for (const auto& [prefix, map] : sections(c)) {
      if (!placed && name.rfind(prefix, 0) == 0) {
        map->emplace(name.substr(prefix.size()), t);
        placed = true;
      }
    }
    if (!placed) throw std::runtime_error(path.string() + ": unexpected tensor \"" + io::printable(name) + "\"");
  }
  const std::string where = path.string() + ": damaged trainer state in the header";
  try {
    const nlohmann::json s = detail::parse_json_text(metadata_field(meta, "trainer_state"), where);
    c.config = detail::parse_json_text(metadata_field(meta, "config"), where);
    read_state(s, c.state);
    if (s.contains("epoch_progress")) c.state.partial = partial_from_json(s.at("epoch_progress"));
  } catch (const std::runtime_error&) {
    throw;  // parse_json_text's errors name the file already
  } catch (const std::exception& e) {
    throw std::runtime_error(where + ": " + e.what());
  }
  return c;
}

std::string read_checkpoint_file(const std::filesystem::path& run_dir) {
  const std::filesystem::path path = checkpoint_path(run_dir);
  if (!std::filesystem::exists(path))
    throw std::runtime_error(path.string() + ": no checkpoint here (is " + run_dir.string() + " a nabla run folder?)");
  return io::read_file(path);
}

}  // namespace

Checkpoint load_checkpoint(const std::filesystem::path& run_dir) {
  return parse_checkpoint(read_checkpoint_file(run_dir), checkpoint_path(run_dir));
}

Checkpoint load_checkpoint_from_rank0(const std::filesystem::path& run_dir) {
  return parse_checkpoint(dist::from_root([&] { return read_checkpoint_file(run_dir); }), checkpoint_path(run_dir));
}

void scale_learning_rates(Checkpoint& checkpoint, double factor) {
  // The keys of Optimizer::state_dict ("group.<g>.lr") and LRScheduler::state_dict ("base_lr.<g>", "last_lr.<g>").
  static const std::regex rate_key(R"(group\.\d+\.lr|(base|last)_lr\.\d+)");
  for (TensorMap* state : {&checkpoint.optimizer, &checkpoint.schedule})
    for (auto& [key, value] : *state)
      if (std::regex_match(key, rate_key)) value = Tensor::scalar(factor * optim::get_scalar(*state, key), DType::f64);
}

}  // namespace nabla::train
