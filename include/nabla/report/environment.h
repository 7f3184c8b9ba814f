// Environment: where a run was made (nabla version, threads, CPU model, date), shown in its report and
// recorded beside it as environment.json so that a regenerated report still names the original machine.
#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace nabla::report {

struct Environment {
  std::string nabla_version{};
  int threads = 0;
  std::string cpu_model{};  // "unknown" where /proc/cpuinfo does not name it
  std::string date{};       // UTC, "2024-05-01 12:34 UTC"
};

// This process now; threads 0 takes the kernels' current thread count.
[[nodiscard]] Environment current_environment(int threads = 0);

// The first "model name" of a /proc/cpuinfo-formatted file, or "unknown".
[[nodiscard]] std::string cpu_model(const std::filesystem::path& cpuinfo = "/proc/cpuinfo");

[[nodiscard]] nlohmann::json to_json(const Environment& e);
[[nodiscard]] Environment environment_from_json(const nlohmann::json& j);

// dir/environment.json when it exists; otherwise the current environment, written there first.
[[nodiscard]] Environment recorded_environment(const std::filesystem::path& dir, int threads = 0);

}  // namespace nabla::report
