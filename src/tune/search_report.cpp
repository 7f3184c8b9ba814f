// trial.json, results.csv, results.json and results.svg of a search.
#include <nabla/tune/search_report.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include <nabla/io/atomic_file.h>
#include <nabla/plot/line_chart.h>
#include <nabla/plot/write_svg.h>

namespace nabla::tune {
namespace {

using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A JSON number, or null for a failed trial's missing value.
json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
double number_from(const json& v) { return v.is_null() ? kNaN : v.get<double>(); }

// A value as a CSV field or legend text: strings bare (quoted for CSV when they hold a comma or quote).
std::string text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}
std::string csv_number(double v) { return std::isfinite(v) ? json(v).dump() : ""; }
std::string csv_row(const std::vector<std::string>& fields) {
  std::string line;
  for (const std::string& f : fields) {
    if (!line.empty()) line += ',';
    line += f;
  }
  return line + '\n';
}

// The dimension that sets the learning rate, if the space searches it.
const Dimension* lr_dimension(const SearchSpace& space) {
  for (const Dimension& d : space.dimensions)
    if (d.path == std::vector<std::string>{"optimizer", "lr"}) return &d;
  return nullptr;
}

// The dimension the trials are coloured by: colour_by when given (it must be searched), else optimizer
// when searched, else the first whose values are names (a choice of models, losses, schedules).
const Dimension* colour_dimension(const SearchSpace& space, const std::string& colour_by) {
  for (const Dimension& d : space.dimensions)
    if (d.name == (colour_by.empty() ? "optimizer" : colour_by)) return &d;
  if (!colour_by.empty()) throw std::invalid_argument("search plot: colour by \"" + colour_by + "\": the space does not search it");
  for (const Dimension& d : space.dimensions)
    if (!d.values.empty() && d.values.front().is_string()) return &d;
  return nullptr;
}

// Points as dots, with a dot on their legend swatch.
plot::Series dots(std::string name, const std::vector<std::pair<double, double>>& points) {
  plot::Series s{.name = std::move(name), .dots = true};
  for (const auto& [x, y] : points) {
    s.x.push_back(x);
    s.y.push_back(y);
  }
  return s;
}

// Finished trials grouped by the searched values other than the learning rate, as (lr, best loss) points.
std::map<std::string, std::vector<std::pair<double, double>>> by_other_values(const SearchResult& r,
                                                                            const Dimension& lr) {
  std::map<std::string, std::vector<std::pair<double, double>>> groups;
  for (const TrialResult& t : r.trials) {
    if (!t.ok) continue;  // nothing to draw
    std::string label;
    for (const auto& [name, value] : t.params.items())
      if (name != lr.name) label += (label.empty() ? "" : ", ") + name + "=" + text(value);
    groups[label].emplace_back(t.params.at(lr.name).get<double>(), t.best_val_loss);
  }
  for (auto& [label, points] : groups) std::sort(points.begin(), points.end());
  return groups;
}

}  // namespace

json trial_json(const TrialResult& t) {
  json j = {{"trial", t.trial},
            {"params", t.params},
            {"status", t.ok ? "ok" : "failed"},
            {"best_val_loss", number_or_null(t.best_val_loss)},
            {"best_epoch", t.best_epoch},
            {"val_loss", number_or_null(t.val_loss)},
            {"val_accuracy", number_or_null(t.val_accuracy)},
            {"epochs", t.epochs},
            {"seconds", t.seconds}};
  if (!t.ok) j["error"] = t.error;
  return j;
}

TrialResult trial_from_json(const json& j, const std::filesystem::path& dir) {
  try {
    return {.trial = j.at("trial").get<int64_t>(),
            .dir = dir,
            .params = j.at("params"),
            .ok = j.at("status") == "ok",
            .error = j.value("error", ""),
            .best_val_loss = number_from(j.at("best_val_loss")),
            .best_epoch = j.at("best_epoch").get<int64_t>(),
            .val_loss = number_from(j.at("val_loss")),
            .val_accuracy = number_from(j.at("val_accuracy")),
            .epochs = j.at("epochs").get<int64_t>(),
            .seconds = j.at("seconds").get<double>(),
            .reused = true};
  } catch (const json::exception& e) {
    throw std::invalid_argument((dir / "trial.json").string() + ": not a trial record: " + e.what());
  }
}

json search_results_json(const SearchResult& r) {
  json trials = json::array(), ranking = json::array();
  for (const TrialResult& t : r.trials) {
    json j = trial_json(t);
    j["dir"] = t.dir.string();
    trials.push_back(std::move(j));
  }
  for (std::size_t i : r.ranking) ranking.push_back(r.trials[i].trial);
  const TrialResult& w = r.winner();
  return {{"trials", trials},
          {"ranking", ranking},
          {"winner",
           {{"trial", w.trial},
            {"dir", w.dir.string()},
            {"params", w.params},
            {"best_val_loss", w.best_val_loss},
            {"test", {{"loss", r.test.loss}, {"accuracy", r.test.accuracy}, {"samples", r.test.samples}}},
            {"metrics", r.winner_metrics.string()}}}};
}

std::string search_results_csv(const SearchResult& r, const SearchSpace& space) {
  std::vector<std::size_t> rank(r.trials.size());
  for (std::size_t k = 0; k < r.ranking.size(); ++k) rank[r.ranking[k]] = k + 1;
  std::vector<std::string> header = {"trial"};
  for (const Dimension& d : space.dimensions) header.push_back(csv_field(d.name));
  for (const char* column : {"status", "best_val_loss", "best_epoch", "val_loss", "val_accuracy", "epochs",
                             "seconds", "rank", "error"})
    header.emplace_back(column);
  std::string csv = csv_row(header);
  for (std::size_t i = 0; i < r.trials.size(); ++i) {
    const TrialResult& t = r.trials[i];
    std::vector<std::string> row = {std::to_string(t.trial)};
    for (const Dimension& d : space.dimensions) row.push_back(csv_field(text(t.params.at(d.name))));
    for (std::string field : {std::string(t.ok ? "ok" : "failed"), csv_number(t.best_val_loss),
                              std::to_string(t.best_epoch), csv_number(t.val_loss), csv_number(t.val_accuracy),
                              std::to_string(t.epochs), csv_number(t.seconds), std::to_string(rank[i]),
                              csv_field(t.error)})
      row.push_back(std::move(field));
    csv += csv_row(row);
  }
  return csv;
}

namespace {

// One colour per value of the categorical dimension, in order of first appearance: (x, best loss) dots.
std::vector<plot::Series> by_category(const SearchResult& r, const Dimension& category, const Dimension* lr) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::pair<double, double>>> groups;
  for (const TrialResult& t : r.trials) {
    if (!t.ok) continue;
    const std::string value = text(t.params.at(category.name));
    if (!groups.contains(value)) order.push_back(value);
    const double x = lr ? t.params.at(lr->name).get<double>() : static_cast<double>(t.trial);
    groups[value].emplace_back(x, t.best_val_loss);
  }
  std::vector<plot::Series> series;
  for (const std::string& value : order) series.push_back(dots(category.name + "=" + value, groups[value]));
  return series;
}

// Lines through the trials of each setting of the other searched values when each has several, else dots.
std::vector<plot::Series> by_lr(const SearchResult& r, const Dimension& lr) {
  const auto groups = by_other_values(r, lr);
  const bool lines = std::all_of(groups.begin(), groups.end(), [](const auto& g) { return g.second.size() > 1; });
  std::vector<plot::Series> series;
  if (!lines) {
    std::vector<std::pair<double, double>> all;
    for (const auto& [label, points] : groups) all.insert(all.end(), points.begin(), points.end());
    return {dots("trials", all)};
  }
  for (const auto& [label, points] : groups) {
    plot::Series s{.name = label.empty() ? "trials" : label};
    for (const auto& [x, y] : points) s.x.push_back(x), s.y.push_back(y);
    series.push_back(std::move(s));
  }
  return series;
}

}  // namespace

std::string search_plot_svg(const SearchResult& r, const SearchSpace& space, const std::string& colour_by) {
  plot::LineChartOptions options{.title = "Hyper-parameter search", .y_label = "best validation loss",
                                 .log_y = true, .legend_outside = true};
  const Dimension* lr = lr_dimension(space);
  options.x_label = lr ? "learning rate" : "trial";
  options.log_x = lr != nullptr;
  std::vector<plot::Series> series;
  if (const Dimension* category = colour_dimension(space, colour_by)) {
    series = by_category(r, *category, lr);
  } else if (lr) {
    series = by_lr(r, *lr);
  } else {
    std::vector<std::pair<double, double>> all;
    for (const TrialResult& t : r.trials) all.emplace_back(static_cast<double>(t.trial), t.best_val_loss);
    series.push_back(dots("trials", all));
  }
  const TrialResult& w = r.winner();
  const double winner_x = lr ? w.params.at(lr->name).get<double>() : static_cast<double>(w.trial);
  series.push_back(dots("winner (trial " + std::to_string(w.trial) + ")", {{winner_x, w.best_val_loss}}));
  series.back().colour = "#000000";  // outside the palette, so no group shares it
  return plot::line_chart_svg(series, options);
}

void write_search_report(const SearchResult& r, const SearchSpace& space) {
  io::write_file_atomic(r.out / "results.csv", search_results_csv(r, space));
  io::write_file_atomic(r.out / "results.json", search_results_json(r).dump(2) + "\n");
  plot::write_svg(r.out / "results.svg", search_plot_svg(r, space));
}

}  // namespace nabla::tune
