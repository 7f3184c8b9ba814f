// JSON read from files: nesting depth bounded, and errors that give the byte offset, never the text.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace nabla::train::detail {

// The deepest nesting of arrays and objects accepted: far beyond any config, space, header or history,
// and shallow enough that printing or comparing a value can never exhaust the stack.
inline constexpr int kMaxJsonDepth = 64;

// The JSON value in text, which starts at byte `offset` of the file named by where. Throws
// std::runtime_error "<where>: byte <offset>: not valid JSON" (or "...: JSON nested deeper than 64
// levels"), the offset counted from 0 in the file, without quoting the text.
// Throws std::runtime_error "<where>: byte <offset>: JSON nested deeper than 64 levels" when text nests
// deeper than kMaxJsonDepth, for parsers that need their own error messages.
void check_json_depth(std::string_view text, const std::string& where, uint64_t offset = 0);

[[nodiscard]] nlohmann::json parse_json_text(std::string_view text, const std::string& where, uint64_t offset = 0);

}  // namespace nabla::train::detail
