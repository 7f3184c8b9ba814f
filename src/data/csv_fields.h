// The non-blank lines of a CSV text, splitting one line into fields, and the number parsing the CSV reader uses.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nabla::data::detail {

struct Line {
  int64_t number;  // 1-based
  std::string_view text;
};

// The lines of text that hold more than spaces and tabs, without their "\n" or "\r\n".
[[nodiscard]] std::vector<Line> non_blank_lines(std::string_view text);

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
