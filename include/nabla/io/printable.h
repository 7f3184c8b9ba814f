// Text from a file made safe to print in an error message: escaped and cut short.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace nabla::io {

// text with every byte outside printable ASCII (and the backslash) written as \xNN, cut after
// max_bytes of input with "..." and the total length appended, so that a damaged file can neither
// send control sequences to the terminal nor flood it.
[[nodiscard]] std::string printable(std::string_view text, std::size_t max_bytes = 40);

}  // namespace nabla::io
