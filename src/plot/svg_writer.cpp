// SvgWriter, XML escaping and number formatting.
#include <nabla/plot/svg_writer.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace nabla::plot {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: {
        const auto u = static_cast<unsigned char>(c);
        const bool allowed = u >= 0x20 || c == '\t' || c == '\n' || c == '\r';
        out += allowed ? c : '?';
      }
    }
  }
  return out;
}

std::string format_number(double value, int decimals) {
  if (!std::isfinite(value)) {
    throw std::invalid_argument("svg_writer: cannot format non-finite number " + std::to_string(value) +
                                " as an SVG coordinate");
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string s(buffer);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string format_significant(double value, int digits) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  std::string s(buffer);
  // "1.5e+06" -> "1.5e6", "2e-05" -> "2e-5"
  const auto e = s.find('e');
  if (e == std::string::npos) return s;
  const int exponent = std::stoi(s.substr(e + 1));
  return s.substr(0, e) + "e" + std::to_string(exponent);
}

SvgWriter::SvgWriter(double width, double height) {
  out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  const std::string w = format_number(width);
  const std::string h = format_number(height);
  start_tag("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
                    {"width", w},
                    {"height", h},
                    {"viewBox", "0 0 " + w + " " + h},
                    {"font-family", "sans-serif"}});
  out_ += ">\n";
  open_.emplace_back("svg");
}

void SvgWriter::start_tag(std::string_view tag, Attributes attributes) {
  out_ += std::string(open_.size(), ' ');
  out_ += '<';
  out_ += tag;
  for (const Attribute& a : attributes) {
    out_ += ' ';
    out_ += a.name;
    out_ += "=\"";
    out_ += xml_escape(a.value);
    out_ += '"';
  }
}

void SvgWriter::open(std::string_view tag, Attributes attributes) {
  start_tag(tag, attributes);
  out_ += ">\n";
  open_.emplace_back(tag);
}

void SvgWriter::close() {
  if (open_.size() <= 1) throw std::logic_error("svg_writer: close() without a matching open()");
  const std::string tag = std::move(open_.back());
  open_.pop_back();
  out_ += std::string(open_.size(), ' ') + "</" + tag + ">\n";
}

void SvgWriter::element(std::string_view tag, Attributes attributes) {
  start_tag(tag, attributes);
  out_ += "/>\n";
}

void SvgWriter::text(std::string_view content, Attributes attributes) {
  text_element("text", content, attributes);
}

void SvgWriter::text_element(std::string_view tag, std::string_view content, Attributes attributes) {
  start_tag(tag, attributes);
  out_ += '>';
  out_ += xml_escape(content);
  out_ += "</";
  out_ += tag;
  out_ += ">\n";
}

std::string SvgWriter::finish() && {
  while (open_.size() > 1) close();
  out_ += "</svg>\n";
  open_.clear();
  return std::move(out_);
}

}  // namespace nabla::plot
