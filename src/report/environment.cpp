// The environment of a run: this process's facts, and environment.json.
#include <nabla/report/environment.h>

#include <ctime>
#include <fstream>

#include <nabla/io/atomic_file.h>
#include <nabla/tensor/threads.h>
#include <nabla/train/train_config.h>

namespace nabla::report {

Environment current_environment(int threads) {
  const std::time_t now = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  return {.nabla_version = NABLA_VERSION,
          .threads = threads > 0 ? threads : num_threads(),
          .cpu_model = cpu_model(),
          .date = date};
}

std::string cpu_model(const std::filesystem::path& cpuinfo) {
  std::ifstream in(cpuinfo);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const auto start = line.find_first_not_of(" \t", colon + 1);
    if (start != std::string::npos) return line.substr(start);
  }
  return "unknown";
}

nlohmann::json to_json(const Environment& e) {
  return {{"nabla_version", e.nabla_version}, {"threads", e.threads}, {"cpu_model", e.cpu_model}, {"date", e.date}};
}

Environment environment_from_json(const nlohmann::json& j) {
  return {.nabla_version = j.value("nabla_version", std::string("unknown")),
          .threads = j.value("threads", 0),
          .cpu_model = j.value("cpu_model", std::string("unknown")),
          .date = j.value("date", std::string("unknown"))};
}

Environment recorded_environment(const std::filesystem::path& dir, int threads) {
  const std::filesystem::path file = dir / "environment.json";
  if (std::filesystem::exists(file)) return environment_from_json(train::read_config_file(file));
  const Environment e = current_environment(threads);
  io::write_file_atomic(file, to_json(e).dump(2) + "\n");
  return e;
}

}  // namespace nabla::report
