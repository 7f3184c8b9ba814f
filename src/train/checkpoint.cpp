// One-file checkpoints: tensors under prefixes, trainer state and config in the safetensors metadata.
#include <nabla/train/checkpoint.h>

#include <array>
#include <regex>
#include <stdexcept>
#include <type_traits>

#include <nabla/optim/optimizer_state.h>

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
  return {{"batches", p.batches},
          {"seen", p.seen},
          {"correct", p.correct},
          {"loss_sum", p.loss_sum},
          {"grad_norm_sum", p.grad_norm_sum},
          {"grad_norm_max", p.grad_norm_max},
          {"lr", p.lr},
          {"seconds", p.seconds}};
}

EpochProgress partial_from_json(const nlohmann::json& j) {
  return {.batches = j.at("batches"), .seen = j.at("seen"), .correct = j.at("correct"), .loss_sum = j.at("loss_sum"),
          .grad_norm_sum = j.at("grad_norm_sum"), .grad_norm_max = j.at("grad_norm_max"), .lr = j.at("lr"),
          .seconds = j.at("seconds")};
}

nlohmann::json state_json(const TrainerState& s) {
  nlohmann::json j = {{"epoch", s.epoch},
                      {"history", s.history.to_json()},
                      {"best_val_loss", s.best_val_loss},
                      {"best_epoch", s.best_epoch},
                      {"stale_epochs", s.stale_epochs},
                      {"dropout_rng", {s.dropout_rng.state, s.dropout_rng.inc}}};
  if (s.partial.batches > 0) j["epoch_progress"] = partial_json(s.partial);
  return j;
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

Checkpoint load_checkpoint(const std::filesystem::path& run_dir) {
  const std::filesystem::path path = checkpoint_path(run_dir);
  if (!std::filesystem::exists(path))
    throw std::runtime_error(path.string() + ": no checkpoint here (is " + run_dir.string() + " a nabla run folder?)");
  Checkpoint c;
  std::map<std::string, std::string> meta;
  for (auto& [name, t] : load_safetensors(path, &meta)) {
    bool placed = false;
    for (const auto& [prefix, map] : sections(c)) {
      if (!placed && name.rfind(prefix, 0) == 0) {
        map->emplace(name.substr(prefix.size()), t);
        placed = true;
      }
    }
    if (!placed) throw std::runtime_error(path.string() + ": unexpected tensor \"" + name + "\"");
  }
  try {
    const nlohmann::json s = nlohmann::json::parse(meta.at("trainer_state"));
    c.config = nlohmann::json::parse(meta.at("config"));
    c.state.epoch = s.at("epoch");
    c.state.history = History::from_json(s.at("history"));
    c.state.best_val_loss = s.at("best_val_loss").is_number() ? s.at("best_val_loss").get<double>()
                                                               : std::numeric_limits<double>::infinity();
    c.state.best_epoch = s.at("best_epoch");
    c.state.stale_epochs = s.at("stale_epochs");
    c.state.dropout_rng = {s.at("dropout_rng").at(0).get<uint64_t>(), s.at("dropout_rng").at(1).get<uint64_t>()};
    if (s.contains("epoch_progress")) c.state.partial = partial_from_json(s.at("epoch_progress"));
  } catch (const std::exception& e) {
    throw std::runtime_error(path.string() + ": damaged trainer state in the header: " + e.what());
  }
  return c;
}

void scale_learning_rates(Checkpoint& checkpoint, double factor) {
  // The keys of Optimizer::state_dict ("group.<g>.lr") and LRScheduler::state_dict ("base_lr.<g>", "last_lr.<g>").
  static const std::regex rate_key(R"(group\.\d+\.lr|(base|last)_lr\.\d+)");
  for (TensorMap* state : {&checkpoint.optimizer, &checkpoint.schedule})
    for (auto& [key, value] : *state)
      if (std::regex_match(key, rate_key)) value = Tensor::scalar(factor * optim::get_scalar(*state, key), DType::f64);
}

}  // namespace nabla::train
