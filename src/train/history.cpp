// History as CSV and JSON (the per-layer values and the sharpness in JSON only).
#include <nabla/train/history.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <nabla/io/atomic_file.h>

namespace nabla::train {

std::string History::to_csv() const {
  std::string out = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,grad_norm,grad_norm_max,seconds\n";
  char line[512];
  for (const EpochRecord& r : epochs) {
    std::snprintf(line, sizeof line, "%lld,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.6g\n", static_cast<long long>(r.epoch),
                  r.train_loss, r.train_accuracy, r.val_loss, r.val_accuracy, r.lr, r.grad_norm, r.grad_norm_max,
                  r.seconds);
    out += line;
  }
  return out;
}

namespace {

// NaN and Inf are written by nlohmann as null: read them back as NaN, the evidence of a divergence.
double number_or_nan(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j.at(key).is_number() ? j.at(key).get<double>() : std::nan("");
}

// A per-layer list of an epoch, as long as the names it goes with (absent: not measured).
std::vector<double> layer_values(const nlohmann::json& r, const char* key, std::size_t layers, int64_t epoch) {
  if (!r.contains(key)) return {};
  const nlohmann::json& list = r.at(key);
  if (!list.is_array() || list.size() != layers)
    throw std::invalid_argument("history: epoch " + std::to_string(epoch) + "'s " + key + " must be a list of " +
                                std::to_string(layers) + " numbers, one per layer");
  std::vector<double> out;
  for (const nlohmann::json& v : list) out.push_back(v.is_number() ? v.get<double>() : std::nan(""));
  return out;
}

Sharpness sharpness_from_json(const nlohmann::json& j) {
  if (j.contains("skipped")) return {.skipped = j.at("skipped").get<std::string>()};
  return {.lambda_max = number_or_nan(j, "lambda_max"), .lr = number_or_nan(j, "lr"),
          .stability_bound = number_or_nan(j, "stability_bound"), .samples = j.value("samples", int64_t{0}),
          .iterations = j.value("iterations", int64_t{0}), .converged = j.value("converged", false)};
}

}  // namespace

nlohmann::json to_json(const Sharpness& s) {
  if (!s.skipped.empty()) return {{"skipped", s.skipped}};
  return {{"lambda_max", s.lambda_max}, {"lr", s.lr}, {"stability_bound", s.stability_bound},
          {"samples", s.samples}, {"iterations", s.iterations}, {"converged", s.converged}};
}

nlohmann::json History::to_json() const {
  nlohmann::json rows = nlohmann::json::array();
  for (const EpochRecord& r : epochs) {
    nlohmann::json row = {{"epoch", r.epoch}, {"train_loss", r.train_loss}, {"train_accuracy", r.train_accuracy},
                          {"val_loss", r.val_loss}, {"val_accuracy", r.val_accuracy}, {"lr", r.lr},
                          {"grad_norm", r.grad_norm}, {"grad_norm_max", r.grad_norm_max}, {"seconds", r.seconds}};
    if (!r.layer_grad_norm.empty()) row["layer_grad_norm"] = r.layer_grad_norm;
    if (!r.layer_update_ratio.empty()) row["layer_update_ratio"] = r.layer_update_ratio;
    if (!r.dead_relu.empty()) row["dead_relu"] = r.dead_relu;
    rows.push_back(std::move(row));
  }
  nlohmann::json out = {{"epochs", rows}};
  for (const LayerInfo& l : layers) out["layers"].push_back({{"name", l.name}, {"parameters", l.parameters}});
  if (!relu_layers.empty()) out["relu_layers"] = relu_layers;
  if (sharpness) out["sharpness"] = train::to_json(*sharpness);
  return out;
}

History History::from_json(const nlohmann::json& j) {
  History h;
  for (const nlohmann::json& l : j.value("layers", nlohmann::json::array()))
    h.layers.push_back({.name = l.at("name").get<std::string>(), .parameters = l.at("parameters").get<int64_t>()});
  h.relu_layers = j.value("relu_layers", std::vector<std::string>{});
  if (j.contains("sharpness")) h.sharpness = sharpness_from_json(j.at("sharpness"));
  for (const auto& r : j.at("epochs")) {
    EpochRecord e;
    // A fraction would be converted silently, 1e300 with undefined behaviour: an epoch must be whole.
    if (!r.at("epoch").is_number_integer())
      throw std::invalid_argument("history: an epoch number is not a whole number");
    e.epoch = r.at("epoch").get<int64_t>();
    auto num = [&](const char* key) { return number_or_nan(r, key); };
    e.train_loss = num("train_loss");
    e.train_accuracy = num("train_accuracy");
    e.val_loss = num("val_loss");
    e.val_accuracy = num("val_accuracy");
    e.lr = num("lr");
    e.grad_norm = num("grad_norm");
    e.grad_norm_max = num("grad_norm_max");
    e.seconds = num("seconds");
    e.layer_grad_norm = layer_values(r, "layer_grad_norm", h.layers.size(), e.epoch);
    e.layer_update_ratio = layer_values(r, "layer_update_ratio", h.layers.size(), e.epoch);
    e.dead_relu = layer_values(r, "dead_relu", h.relu_layers.size(), e.epoch);
    h.epochs.push_back(e);
  }
  return h;
}

void History::write(const std::filesystem::path& dir) const {
  io::write_file_atomic(dir / "history.csv", to_csv());
  io::write_file_atomic(dir / "history.json", to_json().dump(2) + "\n");
}

}  // namespace nabla::train
