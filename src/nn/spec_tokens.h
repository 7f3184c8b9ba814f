// Tokens of a model spec ("conv(32,3,pad=1)-relu-…") with their positions, and errors that point at them.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace nabla::nn::detail {

struct SpecArg {
  std::string key;  // empty for a positional argument
  double value = 0;
  std::string text;  // as written, for messages
};

struct SpecToken {
  std::string name;
  std::vector<SpecArg> args;
  std::size_t position = 0;  // of the token's first character in the spec
  std::size_t length = 0;    // of the whole token, arguments included
  // A layer that holds layers (res(…)) has no numbers: its parentheses hold chains of layers separated
  // by '|' outside inner parentheses, each as [begin, end) of the spec.
  std::vector<std::pair<std::size_t, std::size_t>> chains;
  [[nodiscard]] std::string text(const std::string& spec) const { return spec.substr(position, length); }
};

// Splits spec[begin, end) at '-' outside parentheses; throws spec errors for empty tokens, unbalanced
// parentheses, bad names and numbers that do not parse. Positions are in the whole spec.
[[nodiscard]] std::vector<SpecToken> tokenize(const std::string& spec, std::size_t begin = 0,
                                              std::size_t end = std::string::npos);

// Layers whose parentheses hold chains of layers rather than numbers.
[[nodiscard]] bool holds_layers(const std::string& name);

// "model spec: <what> at position <p>:\n  <spec>\n  <spaces>^^^^" with carets under [position, +length),
// and `hint` on a last line when given.
[[nodiscard]] std::invalid_argument spec_error(const std::string& spec, std::size_t position, std::size_t length,
                                               const std::string& what, const std::string& hint = "");

}  // namespace nabla::nn::detail
