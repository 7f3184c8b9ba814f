// load_csv: rows of numeric features and a label, with header detection and label-to-class mapping.
#include <nabla/data/csv_reader.h>
#include <nabla/io/printable.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string_view>

#include "csv_fields.h"
#include "file_bytes.h"

namespace nabla::data {
namespace {

using detail::at_line;
using detail::Line;
using detail::LineReader;

struct Row {
  int64_t line;
  std::vector<std::string> fields;
};

// The label column's index, by header name or by (possibly negative) position.
size_t label_column(const Row& first, const std::filesystem::path& path, const CsvOptions& options) {
  const auto& names = first.fields;
  if (!options.label_column.empty()) {
    auto it = std::find(names.begin(), names.end(), options.label_column);
    if (it == names.end())
      throw std::runtime_error(
          at_line(path, first.line, "no column named \"" + options.label_column + "\" in the header"));
    return static_cast<size_t>(it - names.begin());
  }
  auto columns = static_cast<int64_t>(names.size());
  int64_t index = options.label_index < 0 ? columns + options.label_index : options.label_index;
  if (index < 0 || index >= columns)
    throw std::runtime_error(at_line(path, first.line,
                                     "label column " + std::to_string(options.label_index) + " is outside the " +
                                         std::to_string(columns) + " columns"));
  return static_cast<size_t>(index);
}

bool is_header(const Row& first, size_t label, const CsvOptions& options) {
  if (!options.label_column.empty() || options.header == CsvHeader::present) return true;
  if (options.header == CsvHeader::absent) return false;
  for (size_t c = 0; c < first.fields.size(); ++c)
    if (c != label && !detail::parse_number(first.fields[c])) return true;
  return false;
}

// Each distinct label text with the number of its first appearance and the line it appeared on.
struct LabelSeen {
  int64_t id;
  int64_t line;
};
using LabelTexts = std::map<std::string, LabelSeen, std::less<>>;

// Turns each row's first-appearance id into its class and sets num_classes and class_names (see
// load_csv's contract for the rules).
void assign_classes(LabeledData& out, const LabelTexts& texts, const std::filesystem::path& path) {
  std::vector<int64_t> class_of(texts.size());
  if (std::all_of(texts.begin(), texts.end(), [](const auto& t) { return detail::parse_index(t.first); })) {
    for (const auto& [text, seen] : texts) {
      const int64_t index = *detail::parse_index(text);
      // A class index past the number of rows names classes that no row can hold, and would size a model
      // (and a confusion matrix) by one number in the file instead of by the data.
      if (index >= out.size())
        throw std::runtime_error(at_line(path, seen.line,
                                         "label " + text + " is read as a class index, which must lie in [0, " +
                                             std::to_string(out.size()) + "), the number of data rows"));
      class_of[static_cast<size_t>(seen.id)] = index;
      out.num_classes = std::max(out.num_classes, index + 1);
    }
  } else {
    for (const auto& entry : texts) out.class_names.push_back(entry.first);  // sorted as text by the map
    if (std::all_of(texts.begin(), texts.end(), [](const auto& t) { return detail::parse_number(t.first); }))
      std::stable_sort(out.class_names.begin(), out.class_names.end(), [](const auto& a, const auto& b) {
        return *detail::parse_number(a) < *detail::parse_number(b);
      });
    for (size_t c = 0; c < out.class_names.size(); ++c)
      class_of[static_cast<size_t>(texts.find(out.class_names[c])->second.id)] = static_cast<int64_t>(c);
    out.num_classes = static_cast<int64_t>(out.class_names.size());
  }
  for (int64_t& label : out.labels) label = class_of[static_cast<size_t>(label)];
}

// The label of one row: the id of its text's first appearance, which assign_classes turns into a class
// once all rows are read, or with given class names (already in texts) the text's position among them.
int64_t label_id(std::string&& text, int64_t line, LabelTexts& texts, const std::filesystem::path& path,
                 const std::vector<std::string>& given) {
  if (auto it = texts.find(text); it != texts.end()) return it->second.id;
  if (!given.empty())
    throw std::runtime_error(at_line(path, line,
                                     "label \"" + io::printable(text) + "\" is not one of the " +
                                         std::to_string(given.size()) + " given class names"));
  const auto next = static_cast<int64_t>(texts.size());
  return texts.emplace(std::move(text), LabelSeen{next, line}).first->second.id;
}

}  // namespace

LabeledData load_csv(const std::filesystem::path& path, const CsvOptions& options) {
  if (!options.label_column.empty() && options.header == CsvHeader::absent)
    throw std::invalid_argument("load_csv: label_column \"" + options.label_column + "\" needs a header row");
  const auto file = detail::read_file_bytes(path);
  const std::string_view text(reinterpret_cast<const char*>(file.bytes.data()), file.bytes.size());
  LineReader lines(text);
  Line line;
  if (!lines.next(line)) throw std::runtime_error(at_line(path, 1, "empty file"));
  const Row first{line.number, detail::split_csv_line(line.text, options.delimiter, path, line.number)};
  const size_t columns = first.fields.size();
  if (columns < 2)
    throw std::runtime_error(at_line(path, first.line, "one field: a row needs feature fields and a label field"));
  const size_t label = label_column(first, path, options);
  const bool header = is_header(first, label, options);

  LabeledData out;
  out.sample_shape = {static_cast<int64_t>(columns - 1)};
  // A feature takes at least two bytes (a digit and a delimiter): the reservation never exceeds the input.
  const auto rows = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  out.features.reserve(std::min(rows * (columns - 1), text.size() / 2));
  LabelTexts texts;
  for (size_t c = 0; c < options.class_names.size(); ++c)
    texts.try_emplace(options.class_names[c], LabelSeen{static_cast<int64_t>(c), 0});
  for (bool have = !header || lines.next(line); have; have = lines.next(line)) {
    std::vector<std::string> fields = detail::split_csv_line(line.text, options.delimiter, path, line.number);
    if (fields.size() != columns)
      throw std::runtime_error(at_line(path, line.number,
                                       std::to_string(fields.size()) + " fields, expected " + std::to_string(columns) +
                                           " as on line " + std::to_string(first.line)));
    for (size_t c = 0; c < columns; ++c) {
      if (c == label) continue;
      std::optional<double> value = detail::parse_number(fields[c]);
      if (!value || !std::isfinite(static_cast<float>(*value)))
        throw std::runtime_error(at_line(path, line.number,
                                         "field " + std::to_string(c + 1) + " \"" + io::printable(fields[c]) +
                                             "\" is not a " + (value ? "finite float" : "number")));
      out.features.push_back(static_cast<float>(*value));
    }
    if (fields[label].empty())
      throw std::runtime_error(at_line(path, line.number, "field " + std::to_string(label + 1) + ": empty label"));
    out.labels.push_back(label_id(std::move(fields[label]), line.number, texts, path, options.class_names));
  }
  if (out.labels.empty()) throw std::runtime_error(at_line(path, first.line, "a header and no data rows"));
  if (options.class_names.empty()) {
    assign_classes(out, texts, path);
  } else {
    out.class_names = options.class_names;
    out.num_classes = static_cast<int64_t>(options.class_names.size());
  }
  return out;
}

}  // namespace nabla::data
