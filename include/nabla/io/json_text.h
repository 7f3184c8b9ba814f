// JSON documents as text for people and programs: indented objects, arrays of numbers on one line.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace nabla::io {

// Like j.dump(2), except that an array holding only scalars (numbers, strings, booleans, null) is
// written on one line: curves and per-class vectors stay readable instead of one value per line
// (a tenth of the size). Ends without a newline, as dump does.
[[nodiscard]] std::string json_text(const nlohmann::json& j);

}  // namespace nabla::io
