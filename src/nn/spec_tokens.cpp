// Tokenizer of model specs: layer names, positional and key=value arguments, and caret-marked errors.
#include "spec_tokens.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace nabla::nn::detail {
namespace {

// Blocks inside blocks are built recursively; a bound keeps a hostile spec from exhausting the stack.
constexpr int kMaxNesting = 16;

// [begin, end) without surrounding spaces.
void trim(const std::string& s, std::size_t& begin, std::size_t& end) {
  while (begin < end && std::isspace(static_cast<unsigned char>(s[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(s[end - 1]))) --end;
}

SpecArg parse_arg(const std::string& spec, std::size_t begin, std::size_t end) {
  trim(spec, begin, end);
  SpecArg arg;
  arg.text = spec.substr(begin, end - begin);
  std::size_t value_begin = begin;
  if (const std::size_t eq = arg.text.find('='); eq != std::string::npos) {
    std::size_t key_end = begin + eq;
    value_begin = key_end + 1;
    trim(spec, begin, key_end);
    arg.key = spec.substr(begin, key_end - begin);
    if (arg.key.empty()) throw spec_error(spec, begin, end - begin, "missing name before \"=\"");
    std::size_t ignored = end;
    trim(spec, value_begin, ignored);
  }
  const char* first = spec.data() + value_begin;
  const char* last = spec.data() + end;
  const auto [ptr, ec] = std::from_chars(first, last, arg.value);
  if (first == last || ec != std::errc() || ptr != last)
    throw spec_error(spec, begin, std::max<std::size_t>(end - begin, 1),
                     "expected a number, got \"" + spec.substr(value_begin, end - value_begin) + "\"");
  return arg;
}

// The ")" closing the "(" at open (tokenize() has checked that they balance).
std::size_t matching_paren(const std::string& spec, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open;; ++i) {
    if (spec[i] == '(') ++depth;
    if (spec[i] == ')' && --depth == 0) return i;
  }
}

// spec[begin, end) split at '|' outside parentheses (tokenize() has checked that they balance).
std::vector<std::pair<std::size_t, std::size_t>> split_chains(const std::string& spec, std::size_t begin,
                                                              std::size_t end) {
  std::vector<std::pair<std::size_t, std::size_t>> chains;
  int depth = 0;
  for (std::size_t i = begin; i <= end; ++i) {
    if (i < end && spec[i] == '(') ++depth;
    if (i < end && spec[i] == ')') --depth;
    if (i == end || (spec[i] == '|' && depth == 0)) {
      chains.emplace_back(begin, i);
      begin = i + 1;
    }
  }
  return chains;
}

SpecToken parse_token(const std::string& spec, std::size_t begin, std::size_t end) {
  trim(spec, begin, end);
  if (begin == end) throw spec_error(spec, begin, 1, "empty layer");
  SpecToken token;
  token.position = begin;
  token.length = end - begin;
  std::size_t name_end = begin;
  while (name_end < end && (std::isalnum(static_cast<unsigned char>(spec[name_end])) || spec[name_end] == '_'))
    ++name_end;
  token.name = spec.substr(begin, name_end - begin);
  if (token.name.empty()) throw spec_error(spec, begin, 1, "expected a layer name");
  if (name_end == end) return token;
  if (spec[name_end] != '(')
    throw spec_error(spec, name_end, 1, "unexpected \"" + std::string(1, spec[name_end]) + "\" after " + token.name);
  if (holds_layers(token.name)) {
    const std::size_t close = matching_paren(spec, name_end);
    if (close != end - 1)
      throw spec_error(spec, close + 1, end - close - 1,
                       "unexpected \"" + spec.substr(close + 1, end - close - 1) + "\" after \")\"");
    token.chains = split_chains(spec, name_end + 1, close);
    return token;
  }
  // tokenize() rejects unbalanced parentheses and the loop below nested ones, so the first ")" closes.
  const std::size_t close = spec.find(')', name_end);
  if (close >= end) throw spec_error(spec, begin, end - begin, "missing \")\"");
  if (close != end - 1)
    throw spec_error(spec, close + 1, end - close - 1,
                     "unexpected \"" + spec.substr(close + 1, end - close - 1) + "\" after \")\"");
  std::size_t arg_begin = name_end + 1;
  if (spec.find_first_not_of(" \t", arg_begin) == close) return token;  // name()
  for (std::size_t i = arg_begin; i <= close; ++i) {
    if (i < close && spec[i] == '(') throw spec_error(spec, i, 1, "unexpected \"(\"");
    if (i == close || spec[i] == ',') {
      token.args.push_back(parse_arg(spec, arg_begin, i));
      arg_begin = i + 1;
    }
  }
  return token;
}

}  // namespace

bool holds_layers(const std::string& name) { return name == "res"; }

std::vector<SpecToken> tokenize(const std::string& spec, std::size_t begin, std::size_t end) {
  end = std::min(end, spec.size());
  std::vector<SpecToken> tokens;
  std::size_t token_begin = begin;
  int depth = 0;
  for (std::size_t i = begin; i <= end; ++i) {
    const char c = i < end ? spec[i] : '\0';
    if (c == '(' && ++depth > kMaxNesting)
      throw spec_error(spec, i, 1, "more than " + std::to_string(kMaxNesting) + " levels of parentheses");
    if (c == ')' && --depth < 0) throw spec_error(spec, i, 1, "unmatched \")\"");
    if (c == '|' && depth == 0) throw spec_error(spec, i, 1, "\"|\" outside res(…)");
    if ((c == '-' && depth == 0) || i == end) {
      if (depth > 0) throw spec_error(spec, token_begin, i - token_begin, "missing \")\"");
      tokens.push_back(parse_token(spec, token_begin, i));
      token_begin = i + 1;
    }
  }
  return tokens;
}

std::invalid_argument spec_error(const std::string& spec, std::size_t position, std::size_t length,
                                 const std::string& what, const std::string& hint) {
  std::string msg = "model spec: " + what + " at position " + std::to_string(position) + ":\n  " + spec + "\n  " +
                    std::string(position, ' ') + std::string(std::max<std::size_t>(length, 1), '^');
  if (!hint.empty()) msg += "\n" + hint;
  return std::invalid_argument(msg);
}

}  // namespace nabla::nn::detail
