// load_csv: rows of numeric features and a label, with header detection and label-to-class mapping.
#include <nabla/data/csv_reader.h>

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
using detail::non_blank_lines;

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

// Sets labels, num_classes and class_names from each row's label text (see load_csv's contract).
void map_labels(LabeledData& out, const std::vector<std::string>& texts, const std::vector<int64_t>& lines,
                const std::filesystem::path& path, const std::vector<std::string>& given) {
  out.labels.resize(texts.size());
  if (given.empty() && std::all_of(texts.begin(), texts.end(), [](const auto& t) { return detail::parse_index(t); })) {
    for (size_t i = 0; i < texts.size(); ++i) {
      out.labels[i] = *detail::parse_index(texts[i]);
      out.num_classes = std::max(out.num_classes, out.labels[i] + 1);
    }
    return;
  }
  out.class_names = given;
  if (given.empty()) {
    out.class_names = texts;
    std::sort(out.class_names.begin(), out.class_names.end());
    out.class_names.erase(std::unique(out.class_names.begin(), out.class_names.end()), out.class_names.end());
    if (std::all_of(texts.begin(), texts.end(), [](const auto& t) { return detail::parse_number(t); }))
      std::stable_sort(out.class_names.begin(), out.class_names.end(), [](const auto& a, const auto& b) {
        return *detail::parse_number(a) < *detail::parse_number(b);
      });
  }
  std::map<std::string, int64_t> index;
  for (size_t c = 0; c < out.class_names.size(); ++c) index.emplace(out.class_names[c], static_cast<int64_t>(c));
  for (size_t i = 0; i < texts.size(); ++i) {
    auto it = index.find(texts[i]);
    if (it == index.end())
      throw std::runtime_error(at_line(
          path, lines[i],
          "label \"" + texts[i] + "\" is not one of the " + std::to_string(given.size()) + " given class names"));
    out.labels[i] = it->second;
  }
  out.num_classes = static_cast<int64_t>(out.class_names.size());
}

}  // namespace

LabeledData load_csv(const std::filesystem::path& path, const CsvOptions& options) {
  if (!options.label_column.empty() && options.header == CsvHeader::absent)
    throw std::invalid_argument("load_csv: label_column \"" + options.label_column + "\" needs a header row");
  auto file = detail::read_file_bytes(path);
  // Rows are split one at a time: a large file (MNIST as CSV has 47 million fields) never exists as strings.
  std::vector<Line> lines = non_blank_lines({reinterpret_cast<const char*>(file.bytes.data()), file.bytes.size()});
  if (lines.empty()) throw std::runtime_error(at_line(path, 1, "empty file"));
  const Row first{lines[0].number, detail::split_csv_line(lines[0].text, options.delimiter, path, lines[0].number)};
  const size_t columns = first.fields.size();
  if (columns < 2)
    throw std::runtime_error(at_line(path, first.line, "one field: a row needs feature fields and a label field"));
  const size_t label = label_column(first, path, options);
  const size_t first_data = is_header(first, label, options) ? 1 : 0;
  if (first_data == lines.size()) throw std::runtime_error(at_line(path, first.line, "a header and no data rows"));

  LabeledData out;
  out.sample_shape = {static_cast<int64_t>(columns - 1)};
  out.features.reserve((lines.size() - first_data) * (columns - 1));
  std::vector<std::string> texts;
  std::vector<int64_t> label_lines;
  for (size_t r = first_data; r < lines.size(); ++r) {
    const int64_t line = lines[r].number;
    std::vector<std::string> fields = detail::split_csv_line(lines[r].text, options.delimiter, path, line);
    if (fields.size() != columns)
      throw std::runtime_error(at_line(path, line,
                                       std::to_string(fields.size()) + " fields, expected " + std::to_string(columns) +
                                           " as on line " + std::to_string(first.line)));
    for (size_t c = 0; c < columns; ++c) {
      if (c == label) continue;
      std::optional<double> value = detail::parse_number(fields[c]);
      if (!value || !std::isfinite(static_cast<float>(*value)))
        throw std::runtime_error(at_line(path, line,
                                         "field " + std::to_string(c + 1) + " \"" + fields[c] + "\" is not a " +
                                             (value ? "finite float" : "number")));
      out.features.push_back(static_cast<float>(*value));
    }
    if (fields[label].empty())
      throw std::runtime_error(at_line(path, line, "field " + std::to_string(label + 1) + ": empty label"));
    texts.push_back(std::move(fields[label]));
    label_lines.push_back(line);
  }
  map_labels(out, texts, label_lines, path, options.class_names);
  return out;
}

}  // namespace nabla::data
