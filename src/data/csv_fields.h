// The non-blank lines of a CSV text, one at a time; splitting one line into fields; the number parsing the
// CSV readers use.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nabla::data::detail {

struct Line {
  int64_t number = 0;  // 1-based
  std::string_view text;
};

// The lines of a text that hold more than spaces and tabs, one at a time, without their "\n" or "\r\n":
// a large file (MNIST as CSV has 47 million fields) never exists as a list of lines or strings.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : rest_(text) {}

  bool next(Line& line) {
    while (!rest_.empty()) {
      const size_t end = rest_.find('\n');
      std::string_view text = rest_.substr(0, end);
      rest_.remove_prefix(end == std::string_view::npos ? rest_.size() : end + 1);
      ++number_;
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      if (text.find_first_not_of(" \t") == std::string_view::npos) continue;
      line = {number_, text};
      return true;
    }
    return false;
  }

 private:
  std::string_view rest_;
  int64_t number_ = 0;
};

// The fields of one line: unquoted fields are trimmed of spaces and tabs; a double-quoted field
// keeps its inner text with "" read as ". Throws "<path>:<line>: ..." for an unterminated quote
// or text after a closing quote.
[[nodiscard]] std::vector<std::string> split_csv_line(std::string_view line, char delimiter,
                                                      const std::filesystem::path& path, int64_t line_no);

// The whole text as a number (an optional leading '+' allowed), or nothing.
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

// The whole text as a non-negative decimal integer that fits int64, or nothing.
[[nodiscard]] std::optional<int64_t> parse_index(std::string_view text);

}  // namespace nabla::data::detail
