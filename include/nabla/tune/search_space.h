// The space of a hyper-parameter search: per config field, a list of values (grid) or a distribution
// (random), read from JSON such as {"lr": {"log_uniform": [1e-4, 1e-1]}, "batch_size": [32, 64]}.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <nabla/train/train_config.h>

namespace nabla::tune {

enum class Distribution {
  values,       // a plain list: every value in a grid, one drawn uniformly at random
  choice,       // {"choice": [...]}: the same, written explicitly
  uniform,      // {"uniform": [a, b]}: a + (b − a)·u
  log_uniform,  // {"log_uniform": [a, b]}, 0 < a: exp(ln a + (ln b − ln a)·u), even over the decades
  int_uniform,  // {"int_uniform": [a, b]}: an integer in [a, b], both ends included
};

// One searched hyper-parameter.
struct Dimension {
  std::string name{};               // as written in the space file: lr, batch_size, schedule.gamma…
  std::vector<std::string> path{};  // its place in the config's JSON form: {"optimizer", "lr"}
  Distribution distribution = Distribution::values;
  std::vector<nlohmann::json> values{};  // values and choice
  double low = 0, high = 0;              // uniform, log_uniform, int_uniform
};

// Dimensions in the order of their names (JSON objects are unordered; sorting makes draws reproducible).
struct SearchSpace {
  std::vector<Dimension> dimensions{};
};

// A name is a config path (optimizer.lr, schedule.gamma), a top-level field (batch_size, epochs, l2,
// model, loss, seed…), a field of the optimizer or schedule (lr, momentum, weight_decay, gamma…), or
// optimizer / schedule for their names. Values must have the field's type; data, out and threads are
// not hyper-parameters. Throws std::invalid_argument naming the dimension: an unknown name, an empty
// list, bounds that are not finite or not increasing (or not positive for log_uniform), a distribution
// that does not fit the field's type, or an unknown distribution.
[[nodiscard]] SearchSpace parse_search_space(const nlohmann::json& j);
// Reads and parses a space file; errors name the file.
[[nodiscard]] SearchSpace read_search_space(const std::filesystem::path& path);
// The space in the JSON form parse_search_space reads.
[[nodiscard]] nlohmann::json to_json(const SearchSpace& space);

// The most points grid_points returns when asked for all of them.
inline constexpr uint64_t kMaxGridPoints = 100000;

// The first `first` grid points (0: all of them) as {name: value} objects: the Cartesian product with the
// last dimension varying fastest. Throws when a dimension is a continuous distribution, or when all
// points are asked for and there are more than kMaxGridPoints.
[[nodiscard]] std::vector<nlohmann::json> grid_points(const SearchSpace& space, int64_t first = 0);
// n random points; the same seed gives the same points on every machine.
[[nodiscard]] std::vector<nlohmann::json> random_points(const SearchSpace& space, int64_t n, uint64_t seed);

// base with the point's values written into their fields and checked (config_from_layers, origin
// ConfigOrigin::trial: a value the trial's optimizer or schedule does not read stays unused); errors
// name the config key.
[[nodiscard]] train::TrainConfig apply_point(const train::TrainConfig& base, const SearchSpace& space, const nlohmann::json& point);

}  // namespace nabla::tune
