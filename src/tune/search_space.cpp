// Parsing, checking and sampling a search space.
#include <nabla/tune/search_space.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include <nabla/io/printable.h>
#include <nabla/tensor/random.h>

namespace nabla::tune {
namespace {

using nlohmann::json;

enum class FieldType { real, integer, natural, text, boolean };

const std::map<std::string, Distribution>& distribution_names() {
  static const std::map<std::string, Distribution> names = {{"choice", Distribution::choice},
                                                            {"uniform", Distribution::uniform},
                                                            {"log_uniform", Distribution::log_uniform},
                                                            {"int_uniform", Distribution::int_uniform}};
  return names;
}

std::string distribution_name(Distribution d) {
  for (const auto& [name, value] : distribution_names())
    if (value == d) return name;
  return "values";
}

std::invalid_argument space_error(const std::string& name, const std::string& what) {
  return std::invalid_argument("space: \"" + io::printable(name) + "\" " + what);
}

// A value from the space file for an error message: as JSON, escaped and cut short.
std::string shown(const json& v) { return io::printable(v.dump(), 60); }

std::string join(const std::vector<std::string>& path) {
  std::string s;
  for (const std::string& p : path) s += (s.empty() ? "" : ".") + p;
  return s;
}

// Where a name points in the config's JSON form (see parse_search_space for the rules).
std::vector<std::string> resolve(const std::string& name, const json& defaults) {
  std::vector<std::string> path;
  if (name.find('.') != std::string::npos) {
    for (std::size_t start = 0, dot = 0; dot != std::string::npos; start = dot + 1) {
      dot = name.find('.', start);
      path.push_back(name.substr(start, dot == std::string::npos ? dot : dot - start));
    }
  } else if (name == "optimizer" || name == "schedule") {
    path = {name, "name"};
  } else if (defaults.contains(name)) {
    path = {name};
  } else {
    for (const char* group : {"optimizer", "schedule"})
      if (defaults[group].contains(name)) path = {group, name};
  }
  const json* at = &defaults;
  for (std::size_t i = 0; i < path.size() && at != nullptr; ++i)
    at = at->is_object() && at->contains(path[i]) ? &(*at)[path[i]] : nullptr;
  if (path.empty() || at == nullptr || at->is_object())
    throw space_error(name, "is not a hyper-parameter; use a config field such as lr, momentum, weight_decay, "
                            "optimizer, batch_size, epochs, l2 or model, or a path such as schedule.gamma");
  for (const char* fixed : {"data", "out", "threads"})
    if (path == std::vector<std::string>{fixed})
      throw space_error(name, "is not a hyper-parameter: every trial uses the base config's " + std::string(fixed));
  return path;
}

FieldType field_type(const json& value) {
  if (value.is_number_float()) return FieldType::real;
  if (value.is_number_unsigned()) return FieldType::natural;
  if (value.is_number_integer()) return FieldType::integer;
  if (value.is_boolean()) return FieldType::boolean;
  return FieldType::text;
}

// A list value checked against the field's type; numbers for a real field become doubles.
json checked_value(const std::string& name, FieldType type, const json& v) {
  switch (type) {
    case FieldType::real:
      if (v.is_number() && std::isfinite(v.get<double>())) return v.get<double>();
      throw space_error(name, "takes finite numbers, not " + shown(v));
    case FieldType::natural:
      if (v.is_number_unsigned()) return v;
      throw space_error(name, "takes whole numbers >= 0, not " + shown(v));
    case FieldType::integer:
      if (v.is_number_integer()) return v;
      throw space_error(name, "takes whole numbers, not " + shown(v));
    case FieldType::boolean:
      if (v.is_boolean()) return v;
      throw space_error(name, "takes true or false, not " + shown(v));
    case FieldType::text:
      if (v.is_string()) return v;
      throw space_error(name, "takes strings, not " + shown(v));
  }
  return v;
}

void parse_bounds(Dimension& d, FieldType type, const json& bounds) {
  const std::string kind = distribution_name(d.distribution);
  if (!bounds.is_array() || bounds.size() != 2 || !bounds[0].is_number() || !bounds[1].is_number())
    throw space_error(d.name, kind + " takes two numbers [low, high], not " + shown(bounds));
  d.low = bounds[0].get<double>();
  d.high = bounds[1].get<double>();
  if (!std::isfinite(d.low) || !std::isfinite(d.high))
    throw space_error(d.name, kind + " needs finite bounds, not " + shown(bounds));
  if (d.distribution == Distribution::int_uniform) {
    if (type != FieldType::integer && type != FieldType::natural)
      throw space_error(d.name, "is not a whole-number field; int_uniform is for fields such as batch_size or epochs");
    if (!bounds[0].is_number_integer() || !bounds[1].is_number_integer())
      throw space_error(d.name, "int_uniform takes whole-number bounds, not " + shown(bounds));
    // Bounds are kept as doubles, which hold every whole number up to 2^53 exactly (and then high - low
    // + 1 fits int64 when drawing).
    if (std::fabs(d.low) > 0x1p53 || std::fabs(d.high) > 0x1p53)
      throw space_error(d.name, "int_uniform takes bounds within +-2^53, not " + shown(bounds));
    if (d.low > d.high) throw space_error(d.name, "int_uniform needs low <= high, not " + shown(bounds));
    if (type == FieldType::natural && d.low < 0)
      throw space_error(d.name, "takes whole numbers >= 0, but int_uniform starts at " + shown(bounds[0]));
    return;
  }
  if (type != FieldType::real)
    throw space_error(d.name, "is not a real-valued field; " + kind + " is for fields such as lr or weight_decay");
  if (d.low >= d.high) throw space_error(d.name, kind + " needs low < high, not " + shown(bounds));
  if (!std::isfinite(d.high - d.low))
    throw space_error(d.name, kind + " needs bounds whose difference is finite, not " + shown(bounds));
  if (d.distribution == Distribution::log_uniform && d.low <= 0)
    throw space_error(d.name, "log_uniform needs 0 < low, not " + shown(bounds));
}

Dimension parse_dimension(const std::string& name, const json& spec, const json& defaults) {
  Dimension d{.name = name, .path = resolve(name, defaults)};
  const json* at = &defaults;
  for (const std::string& key : d.path) at = &(*at)[key];
  const FieldType type = field_type(*at);
  const json* list = &spec;
  if (spec.is_object()) {
    if (spec.size() != 1 || !distribution_names().contains(spec.begin().key()))
      throw space_error(name, "must be a list of values or one of {\"choice\": [...]}, {\"uniform\": [a, b]}, "
                              "{\"log_uniform\": [a, b]}, {\"int_uniform\": [a, b]}; got " + shown(spec));
    d.distribution = distribution_names().at(spec.begin().key());
    if (d.distribution != Distribution::choice) {
      parse_bounds(d, type, spec.begin().value());
      return d;
    }
    list = &spec.begin().value();
  }
  if (!list->is_array()) throw space_error(name, "must be a list of values or a distribution, not " + shown(spec));
  if (list->empty()) throw space_error(name, "has an empty list of values");
  for (const json& v : *list) d.values.push_back(checked_value(name, type, v));
  return d;
}

json draw(const Dimension& d, Generator& gen) {
  switch (d.distribution) {
    case Distribution::values:
    case Distribution::choice:
      return d.values[static_cast<std::size_t>(gen.below(static_cast<int64_t>(d.values.size())))];
    case Distribution::uniform:
      return d.low + (d.high - d.low) * gen.uniform();
    case Distribution::log_uniform:
      return std::exp(std::log(d.low) + (std::log(d.high) - std::log(d.low)) * gen.uniform());
    case Distribution::int_uniform: {
      const auto low = static_cast<int64_t>(d.low);
      return low + gen.below(static_cast<int64_t>(d.high) - low + 1);
    }
  }
  return nullptr;
}

}  // namespace

SearchSpace parse_search_space(const json& j) {
  if (!j.is_object()) throw std::invalid_argument("space: must be a JSON object of hyper-parameters, not " + shown(j));
  if (j.empty()) throw std::invalid_argument("space: names no hyper-parameters");
  const json defaults = train::config_schema();
  SearchSpace space;
  std::set<std::vector<std::string>> seen;
  for (const auto& [name, spec] : j.items()) {
    Dimension d = parse_dimension(name, spec, defaults);
    if (!seen.insert(d.path).second)
      throw space_error(name, "sets " + join(d.path) + ", which another name in the space already sets");
    space.dimensions.push_back(std::move(d));
  }
  return space;
}

SearchSpace read_search_space(const std::filesystem::path& path) {
  const json j = train::read_config_file(path);
  try {
    return parse_search_space(j);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(path.string() + ": " + e.what());
  }
}

json to_json(const SearchSpace& space) {
  json j = json::object();
  for (const Dimension& d : space.dimensions) {
    if (d.distribution == Distribution::values)
      j[d.name] = d.values;
    else if (d.distribution == Distribution::choice)
      j[d.name] = {{"choice", d.values}};
    else if (d.distribution == Distribution::int_uniform)
      j[d.name] = {{"int_uniform", {static_cast<int64_t>(d.low), static_cast<int64_t>(d.high)}}};
    else
      j[d.name] = {{distribution_name(d.distribution), {d.low, d.high}}};
  }
  return j;
}

std::vector<json> grid_points(const SearchSpace& space, int64_t first) {
  if (first < 0)
    throw std::invalid_argument("space: the number of grid points to take must be >= 0, not " + std::to_string(first));
  // The grid's size, saturated: a few lists in a small file can multiply past any memory.
  uint64_t size = 1;
  for (const Dimension& d : space.dimensions) {
    if (d.distribution != Distribution::values && d.distribution != Distribution::choice)
      throw space_error(d.name, "is a " + distribution_name(d.distribution) +
                                    " distribution; a grid search needs a list of values (or use --mode random)");
    const uint64_t k = d.values.size();
    size = size > std::numeric_limits<uint64_t>::max() / k ? std::numeric_limits<uint64_t>::max() : size * k;
  }
  if (first == 0 && size > kMaxGridPoints)
    throw std::invalid_argument("space: the grid has " +
                                (size == std::numeric_limits<uint64_t>::max() ? "2^64 or more" : std::to_string(size)) +
                                " points, more than " + std::to_string(kMaxGridPoints) +
                                "; take the first N with --trials N or draw with --mode random");
  const uint64_t n = first == 0 ? size : std::min(size, static_cast<uint64_t>(first));
  std::vector<json> points;
  points.reserve(n);
  // Point i in mixed radix, the last dimension varying fastest.
  for (uint64_t i = 0; i < n; ++i) {
    json p = json::object();
    uint64_t rest = i;
    for (auto d = space.dimensions.rbegin(); d != space.dimensions.rend(); ++d) {
      p[d->name] = d->values[rest % d->values.size()];
      rest /= d->values.size();
    }
    points.push_back(std::move(p));
  }
  return points;
}

std::vector<json> random_points(const SearchSpace& space, int64_t n, uint64_t seed) {
  if (n <= 0) throw std::invalid_argument("search: a random search needs a number of trials > 0, not " + std::to_string(n));
  Generator gen(seed);
  std::vector<json> points;
  for (int64_t i = 0; i < n; ++i) {
    json p = json::object();
    for (const Dimension& d : space.dimensions) p[d.name] = draw(d, gen);
    points.push_back(std::move(p));
  }
  return points;
}

train::TrainConfig apply_point(const train::TrainConfig& base, const SearchSpace& space, const json& point) {
  json overrides = json::object();
  for (const Dimension& d : space.dimensions) {
    json* at = &overrides;
    for (const std::string& key : d.path) at = &(*at)[key];
    *at = point.at(d.name);
  }
  // A trial's value that its optimizer or schedule does not use stays unused (a space may mix optimizers).
  return train::config_from_layers({{overrides, [](const std::string& key) { return key; }, train::ConfigOrigin::trial}}, base);
}

}  // namespace nabla::tune
