// parse_json_text: a depth scan before nlohmann's parser, whose own messages quote the input.
#include "json_text.h"

#include <optional>
#include <stdexcept>

namespace nabla::train::detail {
namespace {

// The offset of the first bracket that opens more than kMaxJsonDepth arrays or objects, if any.
std::optional<std::size_t> too_deep(std::string_view text) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

}  // namespace

void check_json_depth(std::string_view text, const std::string& where, uint64_t offset) {
  if (const auto at = too_deep(text))
    throw std::runtime_error(where + ": byte " + std::to_string(offset + *at) + ": JSON nested deeper than " +
                             std::to_string(kMaxJsonDepth) + " levels");
}

nlohmann::json parse_json_text(std::string_view text, const std::string& where, uint64_t offset) {
  check_json_depth(text, where, offset);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte counts from 1: the last character read, where parsing failed.
    const uint64_t at = offset + (e.byte > 0 ? e.byte - 1 : 0);
    throw std::runtime_error(where + ": byte " + std::to_string(at) + ": not valid JSON");
  } catch (const nlohmann::json::exception&) {
    // The parser's other error: a number too large for a double (out_of_range.406).
    throw std::runtime_error(where + ": not valid JSON: a number is out of range");
  }
}

}  // namespace nabla::train::detail
