// One-file checkpoints: tensors under prefixes, trainer state and config in the safetensors metadata.
#include <nabla/train/checkpoint.h>

#include <array>
#include <stdexcept>
#include <type_traits>

#include <nabla/io/printable.h>

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

nlohmann::json state_json(const TrainerState& s) {
  return {{"epoch", s.epoch},
          {"history", s.history.to_json()},
          {"best_val_loss", s.best_val_loss},
          {"best_epoch", s.best_epoch},
          {"stale_epochs", s.stale_epochs},
          {"dropout_rng", {s.dropout_rng.state, s.dropout_rng.inc}}};
}

// j as an integer; nlohmann's get converts a fraction too, and 1e300 with undefined behaviour.
template <class Int = int64_t>
Int whole_number(const nlohmann::json& j) {
  if (!j.is_number_integer()) throw std::invalid_argument("expected a whole number, not " + io::printable(j.dump()));
  return j.get<Int>();
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
    if (!placed) throw std::runtime_error(path.string() + ": unexpected tensor \"" + io::printable(name) + "\"");
  }
  const std::string where = path.string() + ": damaged trainer state in the header";
  try {
    const nlohmann::json s = detail::parse_json_text(metadata_field(meta, "trainer_state"), where);
    c.config = detail::parse_json_text(metadata_field(meta, "config"), where);
    c.state.epoch = whole_number(s.at("epoch"));
    c.state.history = History::from_json(s.at("history"));
    c.state.best_val_loss = s.at("best_val_loss").is_number() ? s.at("best_val_loss").get<double>()
                                                               : std::numeric_limits<double>::infinity();
    c.state.best_epoch = whole_number(s.at("best_epoch"));
    c.state.stale_epochs = whole_number(s.at("stale_epochs"));
    const nlohmann::json& rng = s.at("dropout_rng");
    c.state.dropout_rng = {whole_number<uint64_t>(rng.at(0)), whole_number<uint64_t>(rng.at(1))};
  } catch (const std::runtime_error&) {
    throw;
  } catch (const std::exception& e) {
    throw std::runtime_error(where + ": " + e.what());
  }
  return c;
}

}  // namespace nabla::train
