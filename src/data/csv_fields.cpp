// CSV lines, field splitting with double quotes, and strict whole-text number parsing.
#include "csv_fields.h"

#include <charconv>
#include <stdexcept>

#include "file_bytes.h"

namespace nabla::data::detail {
namespace {

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

std::vector<std::string> split_csv_line(std::string_view line, char delimiter, const std::filesystem::path& path,
                                        int64_t line_no) {
  std::vector<std::string> fields;
  size_t pos = 0;
  for (;;) {
    size_t start = line.find_first_not_of(" \t", pos);
    if (start != std::string_view::npos && line[start] == '"') {
      std::string field;
      size_t i = start + 1;
      for (;; ++i) {
        if (i >= line.size())
          throw std::runtime_error(
              at_line(path, line_no, "field " + std::to_string(fields.size() + 1) + ": quoted field is not closed"));
        if (line[i] != '"') {
          field += line[i];
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          break;
        }
      }
      fields.push_back(std::move(field));
      size_t end = line.find(delimiter, i + 1);
      if (!trim(line.substr(i + 1, end == std::string_view::npos ? end : end - i - 1)).empty())
        throw std::runtime_error(
            at_line(path, line_no, "field " + std::to_string(fields.size()) + ": text after the closing quote"));
      if (end == std::string_view::npos) return fields;
      pos = end + 1;
    } else {
      size_t end = line.find(delimiter, pos);
      fields.emplace_back(trim(line.substr(pos, end == std::string_view::npos ? end : end - pos)));
      if (end == std::string_view::npos) return fields;
      pos = end + 1;
    }
  }
}

std::optional<double> parse_number(std::string_view text) {
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int64_t> parse_index(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace nabla::data::detail
