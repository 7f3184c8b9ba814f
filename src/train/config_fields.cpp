// The table of a TrainConfig's fields: types, ranges (PyTorch's own checks where it has them, and
// bounds that keep a run finite), choices, and the accessors that read and write each field.
#include <nabla/train/config_fields.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include <nabla/data/augmentation.h>
#include <nabla/data/class_selection.h>
#include <nabla/io/closest_name.h>
#include <nabla/io/printable.h>
#include <nabla/loss/loss_factory.h>
#include <nabla/optim/factory.h>
#include <nabla/train/fine_tuning.h>

namespace nabla::train {
namespace {

using nlohmann::json;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr uint64_t kMaxU64 = std::numeric_limits<uint64_t>::max();
constexpr uint64_t kMaxI64 = std::numeric_limits<int64_t>::max();
constexpr uint64_t kMaxInt = std::numeric_limits<int>::max();

enum class Kind { real, whole, boolean, text };

// An interval of real numbers; an infinite end is never reached (values must be finite).
struct RealRange {
  double low = 0, high = kInf;
  bool low_open = false, high_open = true;
};

struct Field {
  std::string key;
  Kind kind = Kind::real;
  RealRange real{};
  uint64_t whole_low = 0, whole_high = 0;  // whole numbers: [low, high]
  std::function<std::vector<std::string>()> choices{};  // text with a closed set of values
  std::function<void(const std::string&)> parse{};        // text with a syntax: throws what is wrong
  std::function<json(const TrainConfig&)> get{};
  std::function<void(TrainConfig&, const json&)> set{};
};

template <class T> struct Unwrap { using type = T; };
template <class T> struct Unwrap<std::optional<T>> { using type = T; };

// A field reached through access, a generic lambda returning a reference to the member.
template <class Access>
Field field(std::string key, Access access) {
  using Member = std::remove_cvref_t<decltype(access(std::declval<TrainConfig&>()))>;
  using T = typename Unwrap<Member>::type;
  Field f{.key = std::move(key)};
  if constexpr (std::is_same_v<T, double>) f.kind = Kind::real;
  else if constexpr (std::is_same_v<T, bool>) f.kind = Kind::boolean;
  else if constexpr (std::is_same_v<T, std::string>) f.kind = Kind::text;
  else f.kind = Kind::whole;
  f.get = [access](const TrainConfig& c) -> json {
    const Member& m = access(c);
    if constexpr (std::is_same_v<Member, T>) return m;
    else return m ? json(*m) : json();
  };
  f.set = [access](TrainConfig& c, const json& v) {
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
      access(c) = v.is_number_float() ? static_cast<T>(v.get<double>()) : v.get<T>();  // 3.0 is 3
    else
      access(c) = v.get<T>();
  };
  return f;
}

Field real(Field f, RealRange r) {
  f.real = r;
  return f;
}
Field whole(Field f, uint64_t low, uint64_t high) {
  f.whole_low = low, f.whole_high = high;
  return f;
}
Field one_of(Field f, std::function<std::vector<std::string>()> choices) {
  f.choices = std::move(choices);
  return f;
}
// A list such as "5,6,7" (empty: off) that parse reads, throwing std::invalid_argument with the problem.
template <class Parse>
Field list_of(Field f, Parse parse) {
  f.parse = [parse](const std::string& text) {
    if (!text.empty()) (void)parse(text);
  };
  return f;
}

constexpr RealRange kPositive{.low = 0, .low_open = true};
constexpr RealRange kNonNegative{};
constexpr RealRange kFraction{.low = 0, .high = 1};                            // [0, 1)
constexpr RealRange kShare{.low = 0, .high = 1, .high_open = false};          // [0, 1]
constexpr RealRange kOpenUnit{.low = 0, .high = 1, .low_open = true};         // (0, 1)
constexpr RealRange kDecay{.low = 0, .high = 1, .low_open = true, .high_open = false};  // (0, 1]

std::vector<std::string> schedule_choices() { return {"none", "step", "cosine", "plateau", "onecycle"}; }

const std::vector<Field>& fields() {
  constexpr auto epochs = static_cast<uint64_t>(kMaxEpochs);
  static const std::vector<Field> table = {
      field("data", [](auto& c) -> auto& { return c.data; }),
      field("model", [](auto& c) -> auto& { return c.model; }),
      one_of(field("init", [](auto& c) -> auto& { return c.init; }),
             [] { return std::vector<std::string>{"xavier", "kaiming"}; }),
      one_of(field("loss", [](auto& c) -> auto& { return c.loss; }), [] { return loss::loss_names(); }),
      real(field("label_smoothing", [](auto& c) -> auto& { return c.label_smoothing; }), kShare),
      one_of(field("optimizer.name", [](auto& c) -> auto& { return c.optimizer.name; }), optim::optimizer_names),
      real(field("optimizer.lr", [](auto& c) -> auto& { return c.optimizer.lr; }), kPositive),
      real(field("optimizer.momentum", [](auto& c) -> auto& { return c.optimizer.momentum; }), kFraction),
      real(field("optimizer.dampening", [](auto& c) -> auto& { return c.optimizer.dampening; }), kShare),
      field("optimizer.nesterov", [](auto& c) -> auto& { return c.optimizer.nesterov; }),
      real(field("optimizer.weight_decay", [](auto& c) -> auto& { return c.optimizer.weight_decay; }), kNonNegative),
      real(field("optimizer.beta1", [](auto& c) -> auto& { return c.optimizer.beta1; }), kFraction),
      real(field("optimizer.beta2", [](auto& c) -> auto& { return c.optimizer.beta2; }), kFraction),
      real(field("optimizer.eps", [](auto& c) -> auto& { return c.optimizer.eps; }), kPositive),
      field("optimizer.amsgrad", [](auto& c) -> auto& { return c.optimizer.amsgrad; }),
      real(field("optimizer.alpha", [](auto& c) -> auto& { return c.optimizer.alpha; }), kFraction),
      field("optimizer.centered", [](auto& c) -> auto& { return c.optimizer.centered; }),
      real(field("optimizer.lr_decay", [](auto& c) -> auto& { return c.optimizer.lr_decay; }), kNonNegative),
      real(field("optimizer.initial_accumulator_value",
                 [](auto& c) -> auto& { return c.optimizer.initial_accumulator_value; }),
           kNonNegative),
      whole(field("optimizer.history_size", [](auto& c) -> auto& { return c.optimizer.history_size; }), 1, 10'000),
      whole(field("optimizer.max_iter", [](auto& c) -> auto& { return c.optimizer.max_iter; }), 1, 10'000),
      field("optimizer.line_search", [](auto& c) -> auto& { return c.optimizer.line_search; }),
      real(field("optimizer.damping", [](auto& c) -> auto& { return c.optimizer.damping; }), kNonNegative),
      one_of(field("schedule.name", [](auto& c) -> auto& { return c.schedule.name; }), schedule_choices),
      whole(field("schedule.step_size", [](auto& c) -> auto& { return c.schedule.step_size; }), 1, epochs),
      real(field("schedule.gamma", [](auto& c) -> auto& { return c.schedule.gamma; }), kDecay),
      whole(field("schedule.t_max", [](auto& c) -> auto& { return c.schedule.t_max; }), 1, epochs),
      real(field("schedule.eta_min", [](auto& c) -> auto& { return c.schedule.eta_min; }), kNonNegative),
      real(field("schedule.factor", [](auto& c) -> auto& { return c.schedule.factor; }), kOpenUnit),
      whole(field("schedule.patience", [](auto& c) -> auto& { return c.schedule.patience; }), 0, epochs),
      real(field("schedule.max_lr", [](auto& c) -> auto& { return c.schedule.max_lr; }), kPositive),
      whole(field("schedule.total_steps", [](auto& c) -> auto& { return c.schedule.total_steps; }), 1, kMaxInt),
      whole(field("batch_size", [](auto& c) -> auto& { return c.batch_size; }), 1, kMaxBatchSize),
      whole(field("accumulate", [](auto& c) -> auto& { return c.accumulate; }), 1, kMaxAccumulate),
      field("sync_bn", [](auto& c) -> auto& { return c.sync_bn; }),
      whole(field("epochs", [](auto& c) -> auto& { return c.epochs; }), 1, epochs),
      // Both splits must hold samples (split_stratified's own range).
      real(field("val_fraction", [](auto& c) -> auto& { return c.val_fraction; }), kOpenUnit),
      real(field("test_fraction", [](auto& c) -> auto& { return c.test_fraction; }), kOpenUnit),
      whole(field("seed", [](auto& c) -> auto& { return c.seed; }), 0, kMaxU64),
      whole(field("threads", [](auto& c) -> auto& { return c.threads; }), 0, kMaxThreads),
      whole(field("early_stopping", [](auto& c) -> auto& { return c.early_stopping; }), 0, epochs),
      real(field("l2", [](auto& c) -> auto& { return c.l2; }), kNonNegative),
      field("normalize", [](auto& c) -> auto& { return c.normalize; }),
      list_of(field("augment", [](auto& c) -> auto& { return c.augment; }), data::parse_augmentation),
      one_of(field("tta", [](auto& c) -> auto& { return c.tta; }),
             [] { return std::vector<std::string>{"none", "flip"}; }),
      one_of(field("precision", [](auto& c) -> auto& { return c.precision; }),
             [] { return std::vector<std::string>{"f32", "bf16"}; }),
      whole(field("limit_train", [](auto& c) -> auto& { return c.limit_train; }), 0, kMaxI64),
      whole(field("limit_test", [](auto& c) -> auto& { return c.limit_test; }), 0, kMaxI64),
      field("out", [](auto& c) -> auto& { return c.out; }),
      field("init_from", [](auto& c) -> auto& { return c.init_from; }),
      list_of(field("classes", [](auto& c) -> auto& { return c.classes; }), data::parse_class_list),
      whole(field("limit_per_class", [](auto& c) -> auto& { return c.limit_per_class; }), 1, kMaxI64),
      list_of(field("freeze", [](auto& c) -> auto& { return c.freeze; }), parse_prefix_list),
      field("reset_head", [](auto& c) -> auto& { return c.reset_head; }),
  };
  return table;
}

const Field& field_of(const std::string& key) {
  for (const Field& f : fields())
    if (f.key == key) return f;
  throw std::invalid_argument("config: unknown key \"" + key + "\"" + key_suggestion(key));
}

// A JSON value as a person would write it: inf and nan (which JSON cannot hold) by name, whole reals
// without the ".0" that JSON adds (1e10 as 10000000000).
std::string shown(const json& v) {
  if (v.is_number_float() && !std::isfinite(v.get<double>()))
    return std::isnan(v.get<double>()) ? "nan" : (v.get<double>() > 0 ? "inf" : "-inf");
  const std::string text = v.dump();  // a string from a file may hold control bytes: escaped below
  return io::printable(v.is_number_float() && text.ends_with(".0") ? text.substr(0, text.size() - 2) : text);
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string range_text(const Field& f) {
  switch (f.kind) {
    case Kind::boolean: return "true or false";
    case Kind::whole:
      return "a whole number in [" + std::to_string(f.whole_low) + ", " + std::to_string(f.whole_high) + "]";
    case Kind::text: {
      if (!f.choices) return "a string";
      std::string s;
      for (const std::string& c : f.choices()) s += (s.empty() ? "" : ", ") + c;
      return "one of " + s;
    }
    case Kind::real: break;
  }
  const RealRange& r = f.real;
  if (r.high == kInf) return std::string("a finite number ") + (r.low_open ? "> " : ">= ") + number_text(r.low);
  return std::string("a number in ") + (r.low_open ? "(" : "[") + number_text(r.low) + ", " + number_text(r.high) +
         (r.high_open ? ")" : "]");
}

// The whole number v holds, if it is one that an int64 or uint64 holds exactly.
std::optional<std::pair<bool, uint64_t>> as_whole(const json& v) {  // {negative, magnitude}
  if (v.is_number_unsigned()) return std::pair{false, v.get<uint64_t>()};
  if (v.is_number_integer()) {
    const auto i = v.get<int64_t>();
    return std::pair{i < 0, i < 0 ? uint64_t{0} - static_cast<uint64_t>(i) : static_cast<uint64_t>(i)};
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) <= 0x1p53)
      return std::pair{d < 0, static_cast<uint64_t>(std::fabs(d))};
  }
  return std::nullopt;
}

bool fits(const Field& f, const json& v) {
  switch (f.kind) {
    case Kind::boolean: return v.is_boolean();
    case Kind::text: {
      if (!v.is_string()) return false;
      if (!f.choices) return true;
      const std::vector<std::string> choices = f.choices();
      return std::find(choices.begin(), choices.end(), v.get<std::string>()) != choices.end() ||
             (f.key == "schedule.name" && v.get<std::string>().empty());
    }
    case Kind::whole: {
      const auto w = as_whole(v);
      return w && (!w->first || w->second == 0) && w->second >= f.whole_low && w->second <= f.whole_high;
    }
    case Kind::real: break;
  }
  if (!v.is_number()) return false;
  const double d = v.get<double>();
  const RealRange& r = f.real;
  return std::isfinite(d) && (r.low_open ? d > r.low : d >= r.low) && (r.high_open ? d < r.high : d <= r.high);
}

const std::vector<std::string>& options_of(const TrainConfig& c, const std::string& group) {
  return group == "optimizer" ? optim::optimizer_fields(c.optimizer.name) : optim::schedule_fields(c.schedule.name);
}

// Nesterov momentum needs momentum > 0 and no dampening (PyTorch's check); a line search must be the
// optimizer's own.
std::optional<FieldProblem> contradiction(const TrainConfig& c) {
  const optim::OptimizerConfig o = optim::with_defaults(c.optimizer);
  if (o.nesterov && o.momentum && !(*o.momentum > 0))
    return FieldProblem{"optimizer.momentum", "Nesterov momentum needs momentum > 0, not " + number_text(*o.momentum)};
  if (o.nesterov && o.momentum && o.dampening != 0)
    return FieldProblem{"optimizer.dampening", "Nesterov momentum needs dampening 0, not " + number_text(o.dampening)};
  if (c.label_smoothing > 0 && c.loss != "cross_entropy")
    return FieldProblem{"label_smoothing", "smooths the targets of the cross_entropy loss, not " + c.loss};
  if (c.reset_head && c.init_from.empty())
    return FieldProblem{"reset_head", "needs init_from (--init-from): it re-initialises the last layer of given weights"};
  const std::string allowed = o.name == "lbfgs" ? "strong_wolfe" : o.name == "newton" ? "armijo" : "";
  if (!allowed.empty() && !o.line_search.empty() && o.line_search != allowed)
    return FieldProblem{"optimizer.line_search", "must be \"\" (none) or " + allowed + " for " + o.name + ", not \"" +
                                                     o.line_search + "\""};
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& config_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const Field& f : fields()) k.push_back(f.key);
    return k;
  }();
  return keys;
}

std::string key_suggestion(const std::string& unknown) {
  // A field written at the wrong level ("lr" for optimizer.lr) is found by its last part.
  const std::string last = unknown.substr(unknown.rfind('.') + 1);
  for (const std::string& k : config_keys())
    if (k != unknown && k.substr(k.rfind('.') + 1) == last) return " (did you mean " + k + "?)";
  return io::did_you_mean(unknown, config_keys());
}

std::optional<std::string> value_problem(const std::string& key, const json& value) {
  const Field& f = field_of(key);
  if (f.parse && value.is_string()) {
    try {
      f.parse(value.get<std::string>());
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
  }
  if (fits(f, value)) return std::nullopt;
  std::string problem = "must be " + range_text(f) + ", not " + shown(value);
  if (f.choices && value.is_string()) problem += io::did_you_mean(value.get<std::string>(), f.choices());
  return problem;
}

void set_field(TrainConfig& config, const std::string& key, const json& value) { field_of(key).set(config, value); }

json get_field(const TrainConfig& config, const std::string& key) { return field_of(key).get(config); }

bool field_in_use(const TrainConfig& config, const std::string& key) {
  const std::size_t dot = key.find('.');
  if (dot == std::string::npos || key.substr(dot + 1) == "name") return true;
  const std::vector<std::string>& options = options_of(config, key.substr(0, dot));
  return std::find(options.begin(), options.end(), key.substr(dot + 1)) != options.end();
}

std::string unused_problem(const TrainConfig& config, const std::string& key) {
  const std::size_t dot = key.find('.');
  const std::string group = key.substr(0, dot), option = key.substr(dot + 1);
  const std::string name = group == "optimizer" ? config.optimizer.name
                                                : "schedule " + (config.schedule.name.empty() ? "none" : config.schedule.name);
  std::string options;
  for (const std::string& o : options_of(config, group)) options += (options.empty() ? "" : ", ") + o;
  return name + " has no " + option + (options.empty() ? " (it has no options)" : "; its options are " + options);
}

std::optional<FieldProblem> find_problem(const TrainConfig& config) {
  for (const Field& f : fields()) {
    const json v = f.get(config);
    if (v.is_null()) continue;  // an optional left to its default
    if (auto p = value_problem(f.key, v)) return FieldProblem{f.key, *p};
  }
  return contradiction(config);
}

int64_t whole_number(const json& value, int64_t low, int64_t high, const std::string& name) {
  const auto w = as_whole(value);
  if (w && (!w->first || w->second == 0) && w->second >= static_cast<uint64_t>(low) &&
      w->second <= static_cast<uint64_t>(high))
    return static_cast<int64_t>(w->second);
  throw std::invalid_argument(name + ": must be a whole number in [" + std::to_string(low) + ", " +
                              std::to_string(high) + "], not " + shown(value));
}

}  // namespace nabla::train
