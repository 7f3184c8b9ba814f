// History as CSV and JSON.
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

nlohmann::json History::to_json() const {
  nlohmann::json rows = nlohmann::json::array();
  for (const EpochRecord& r : epochs)
    rows.push_back({{"epoch", r.epoch}, {"train_loss", r.train_loss}, {"train_accuracy", r.train_accuracy},
                    {"val_loss", r.val_loss}, {"val_accuracy", r.val_accuracy}, {"lr", r.lr},
                    {"grad_norm", r.grad_norm}, {"grad_norm_max", r.grad_norm_max}, {"seconds", r.seconds}});
  return {{"epochs", rows}};
}

History History::from_json(const nlohmann::json& j) {
  History h;
  for (const auto& r : j.at("epochs")) {
    EpochRecord e;
    // A fraction would be converted silently, 1e300 with undefined behaviour: an epoch must be whole.
    if (!r.at("epoch").is_number_integer())
      throw std::invalid_argument("history: an epoch number is not a whole number");
    e.epoch = r.at("epoch").get<int64_t>();
    // NaN and Inf are written by nlohmann as null: read them back as NaN, the evidence of a divergence.
    auto num = [&](const char* key) {
      return r.contains(key) && r.at(key).is_number() ? r.at(key).get<double>() : std::nan("");
    };
    e.train_loss = num("train_loss");
    e.train_accuracy = num("train_accuracy");
    e.val_loss = num("val_loss");
    e.val_accuracy = num("val_accuracy");
    e.lr = num("lr");
    e.grad_norm = num("grad_norm");
    e.grad_norm_max = num("grad_norm_max");
    e.seconds = num("seconds");
    h.epochs.push_back(e);
  }
  return h;
}

void History::write(const std::filesystem::path& dir) const {
  io::write_file_atomic(dir / "history.csv", to_csv());
  io::write_file_atomic(dir / "history.json", to_json().dump(2) + "\n");
}

}  // namespace nabla::train
