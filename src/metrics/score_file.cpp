// Reading `label,score` and `label,score_0,...,score_{C-1}` CSV files, with file:line errors.
#include <nabla/metrics/score_file.h>
#include <nabla/io/printable.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nabla::metrics {

namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    fields.push_back(trim(line.substr(start, comma - start)));
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

// The whole field as a double (a leading '+' allowed); std::nullopt when it is not a number.
std::optional<double> parse_number(std::string_view field) {
  if (field.size() > 1 && field.front() == '+' && field[1] != '-') field.remove_prefix(1);
  double value = 0.0;
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (error != std::errc{} || end != field.data() + field.size()) return std::nullopt;
  return value;
}

// Parses rows after the header, knowing the column names, and reports where things go wrong.
class RowParser {
 public:
  RowParser(std::string name, std::vector<std::string> columns)
      : name_(std::move(name)), columns_(std::move(columns)) {}

  void parse(std::string_view line, std::size_t line_no, ScoreFile& out) {
    line_no_ = line_no;
    const std::vector<std::string_view> fields = split_fields(line);
    if (fields.size() != columns_.size()) {
      fail("expected " + std::to_string(columns_.size()) + " fields, got " +
           std::to_string(fields.size()));
    }
    out.labels.push_back(label(fields[0]));
    for (std::size_t j = 1; j < fields.size(); ++j) out.scores.push_back(number(fields, j));
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw std::runtime_error(name_ + ":" + std::to_string(line_no_) + ": " + message);
  }

  double number(const std::vector<std::string_view>& fields, std::size_t j) const {
    const std::string where = "field " + std::to_string(j + 1) + " (" + columns_[j] + ") ";
    const std::optional<double> value = parse_number(fields[j]);
    if (!value) fail(where + "is not a number: '" + io::printable(fields[j]) + "'");
    if (!std::isfinite(*value)) fail(where + "is not finite: '" + io::printable(fields[j]) + "'");
    return *value;
  }

  int label(std::string_view field) {
    const std::optional<double> value = parse_number(field);
    if (!value || !std::isfinite(*value) || std::trunc(*value) != *value) {
      fail("label '" + io::printable(field) + "' is not an integer");
    }
    const std::size_t num_classes = columns_.size() - 1;
    if (num_classes == 1) return binary_label(*value, field);
    if (*value < 0 || *value >= static_cast<double>(num_classes)) {
      fail("label " + io::printable(field) + " is not a class in [0, " +
           std::to_string(num_classes) + ")");
    }
    return static_cast<int>(*value);
  }

  // 0/1 or -1/+1, never both styles in one file: -1 and 0 would both mean "negative".
  int binary_label(double value, std::string_view field) {
    if (value != 0.0 && value != 1.0 && value != -1.0) {
      fail("binary label must be 0/1 or -1/+1, got " + io::printable(field));
    }
    seen_zero_ = seen_zero_ || value == 0.0;
    seen_minus_one_ = seen_minus_one_ || value == -1.0;
    if (seen_zero_ && seen_minus_one_) fail("binary labels mix 0 and -1; use 0/1 or -1/+1");
    return value == 1.0 ? 1 : 0;
  }

  std::string name_;
  std::vector<std::string> columns_;
  std::size_t line_no_ = 0;
  bool seen_zero_ = false;
  bool seen_minus_one_ = false;
};

// The column names of a valid header, or std::nullopt.
std::optional<std::vector<std::string>> header_columns(std::string_view line) {
  const std::vector<std::string_view> fields = split_fields(line);
  if (fields.size() < 2 || fields[0] != "label") return std::nullopt;
  if (fields.size() == 2 && fields[1] == "score") return std::vector<std::string>{"label", "score"};
  if (fields.size() < 3) return std::nullopt;
  std::vector<std::string> columns{"label"};
  for (std::size_t k = 0; k + 1 < fields.size(); ++k) {
    columns.push_back("score_" + std::to_string(k));
    if (fields[k + 1] != columns.back()) return std::nullopt;
  }
  return columns;
}

}  // namespace

ScoreFile parse_score_csv(std::istream& in, const std::string& name) {
  std::string line;
  std::size_t line_no = 0;
  std::optional<RowParser> rows;
  ScoreFile out;
  std::size_t header_line = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (trim(line).empty()) continue;
    if (rows) {
      rows->parse(line, line_no, out);
      continue;
    }
    std::optional<std::vector<std::string>> columns = header_columns(line);
    if (!columns) {
      throw std::runtime_error(name + ":" + std::to_string(line_no) +
                               ": expected the header 'label,score' or "
                               "'label,score_0,...,score_{C-1}' with C >= 2, got '" +
                               io::printable(trim(line)) + "'");
    }
    out.num_columns = columns->size() - 1;
    header_line = line_no;
    rows.emplace(name, std::move(*columns));
  }
  if (in.bad()) throw std::runtime_error(name + ": read error");
  if (!rows) {
    throw std::runtime_error(name + ": empty file; expected the header 'label,score' or "
                             "'label,score_0,...,score_{C-1}'");
  }
  if (out.labels.empty()) {
    throw std::runtime_error(name + ":" + std::to_string(header_line) +
                             ": no data rows after the header");
  }
  // The report holds a class-by-class confusion matrix: bounded by the rows, its size stays within
  // the file's (each row holds a score per class), plus a small constant.
  if (out.num_classes() > std::max(out.num_samples(), kMaxClassesWithoutRows)) {
    throw std::runtime_error(name + ":" + std::to_string(header_line) + ": " +
                             std::to_string(out.num_classes()) + " classes but only " +
                             std::to_string(out.num_samples()) + " data rows; more than " +
                             std::to_string(kMaxClassesWithoutRows) +
                             " classes need at least one row per class");
  }
  return out;
}

ScoreFile read_score_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open file");
  return parse_score_csv(in, path);
}

}  // namespace nabla::metrics
