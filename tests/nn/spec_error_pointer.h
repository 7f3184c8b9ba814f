// Reading a model-spec error: its first line, and where its caret line points.
#pragma once
#include <cstddef>
#include <string>

namespace nabla::nn::testing {

// The error's first line, and the caret line's offset and width.
struct Pointed {
  std::string first_line;
  std::size_t caret_at, carets;
};

inline Pointed pointed(const std::string& message) {
  const std::size_t first_end = message.find('\n');
  const std::size_t caret_line = message.find('\n', first_end + 1) + 1;
  const std::size_t at = message.find('^', caret_line);
  const std::size_t end = message.find_first_not_of('^', at);
  return {message.substr(0, first_end), at - caret_line - 2, (end == std::string::npos ? message.size() : end) - at};
}

}  // namespace nabla::nn::testing
