// Test helpers: a small XML well-formedness check (tags balanced by a stack) and substring counting.
#pragma once
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nabla::plot::testing {

// Whether text holds only the five predefined entities or numeric character references after '&'.
inline bool entities_ok(std::string_view text) {
  for (std::size_t i = text.find('&'); i != std::string_view::npos; i = text.find('&', i + 1)) {
    const auto end = text.find(';', i);
    if (end == std::string_view::npos) return false;
    const std::string_view name = text.substr(i + 1, end - i - 1);
    const bool known = name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos" ||
                       (name.size() > 1 && name[0] == '#');
    if (!known) return false;
  }
  return true;
}

// "" when svg is one well-formed XML element after an optional <?xml?> prolog; otherwise what is wrong
// and where. Covers what the plot writers emit: elements, attributes in double quotes, text, comments.
inline std::string xml_error(std::string_view svg) {
  std::size_t i = 0;
  if (svg.substr(0, 5) == "<?xml") {
    i = svg.find("?>");
    if (i == std::string_view::npos) return "unterminated prolog";
    i += 2;
  }
  std::vector<std::string> stack;
  int roots = 0;
  auto is_name = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_'; };
  while (i < svg.size()) {
    const std::size_t lt = svg.find('<', i);
    const std::string_view text = svg.substr(i, lt == std::string_view::npos ? svg.size() - i : lt - i);
    if (text.find('>') != std::string_view::npos) return "stray '>' in text at " + std::to_string(i);
    if (!entities_ok(text)) return "bad entity in text at " + std::to_string(i);
    if (stack.empty() && text.find_first_not_of(" \t\r\n") != std::string_view::npos) {
      return "text outside the root at " + std::to_string(i);
    }
    if (lt == std::string_view::npos) break;
    i = lt + 1;
    if (svg.substr(lt, 4) == "<!--") {
      const auto end = svg.find("-->", lt);
      if (end == std::string_view::npos) return "unterminated comment";
      i = end + 3;
      continue;
    }
    const bool closing = i < svg.size() && svg[i] == '/';
    if (closing) ++i;
    const std::size_t name_start = i;
    while (i < svg.size() && is_name(svg[i])) ++i;
    const std::string name(svg.substr(name_start, i - name_start));
    if (name.empty()) return "tag without a name at " + std::to_string(lt);
    if (closing) {
      if (stack.empty() || stack.back() != name) return "</" + name + "> does not close the open element";
      stack.pop_back();
      if (i >= svg.size() || svg[i] != '>') return "malformed </" + name + ">";
      ++i;
      continue;
    }
    if (stack.empty() && ++roots > 1) return "second root element <" + name + ">";
    // Attributes: name="value", value free of '<' and with valid entities.
    while (true) {
      while (i < svg.size() && std::isspace(static_cast<unsigned char>(svg[i]))) ++i;
      if (i >= svg.size()) return "unterminated <" + name + ">";
      if (svg[i] == '>' || svg.substr(i, 2) == "/>") break;
      const std::size_t attr_start = i;
      while (i < svg.size() && is_name(svg[i])) ++i;
      if (i == attr_start || svg.substr(i, 2) != "=\"") return "malformed attribute in <" + name + ">";
      const auto close_quote = svg.find('"', i + 2);
      if (close_quote == std::string_view::npos) return "unterminated attribute in <" + name + ">";
      const std::string_view value = svg.substr(i + 2, close_quote - i - 2);
      if (value.find('<') != std::string_view::npos || !entities_ok(value)) {
        return "bad attribute value in <" + name + ">";
      }
      i = close_quote + 1;
    }
    if (svg[i] == '>') {
      stack.push_back(name);
      ++i;
    } else {
      i += 2;
    }
  }
  if (!stack.empty()) return "<" + stack.back() + "> is never closed";
  if (roots != 1) return "no root element";
  return "";
}

// Non-overlapping occurrences of needle in haystack.
inline std::size_t count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

}  // namespace nabla::plot::testing
