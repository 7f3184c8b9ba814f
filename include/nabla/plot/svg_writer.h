// SvgWriter: a tiny builder of SVG elements with escaped text and compact number formatting.
#pragma once
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace nabla::plot {

// Text made safe for XML content and attribute values: & < > " ' become entities; control characters
// other than tab, newline and carriage return (not allowed in XML 1.0) become '?'.
[[nodiscard]] std::string xml_escape(std::string_view text);

// A coordinate with at most `decimals` decimals, trailing zeros dropped: 12.5, 3, -0.25 (never "-0").
// Throws std::invalid_argument for NaN or infinity, which have no place in SVG geometry.
[[nodiscard]] std::string format_number(double value, int decimals = 2);

// A value to `digits` significant digits, as printf's %g but with a short exponent: 0.853, 1.5e6.
// "nan", "inf" and "-inf" for non-finite values, which are fine as text.
[[nodiscard]] std::string format_significant(double value, int digits = 3);

// One name="value" pair; the value is escaped when written.
struct Attribute {
  Attribute(std::string_view name, std::string_view value) : name(name), value(value) {}
  Attribute(std::string_view name, const char* value) : name(name), value(value) {}
  Attribute(std::string_view name, const std::string& value) : name(name), value(value) {}
  Attribute(std::string_view name, double value) : name(name), value(format_number(value)) {}
  std::string_view name;
  std::string value;
};
using Attributes = std::initializer_list<Attribute>;

// Writes one <svg> document. Elements nest through open()/close(); finish() closes what is open.
//   SvgWriter svg(640, 400);
//   svg.open("g", {{"class", "legend"}});
//   svg.element("rect", {{"x", 1.0}, {"width", 10.0}});
//   svg.text("loss", {{"x", 5.0}, {"y", 9.0}});
//   std::string document = std::move(svg).finish();
class SvgWriter {
 public:
  // The root element carries the size, a viewBox and the font, so children inherit sans-serif.
  SvgWriter(double width, double height);

  // <tag attrs>; stays open until the matching close().
  void open(std::string_view tag, Attributes attributes = {});
  // Closes the innermost open element; throws std::logic_error when only the root is open.
  void close();
  // <tag attrs/>
  void element(std::string_view tag, Attributes attributes = {});
  // <text attrs>content</text>, the content escaped.
  void text(std::string_view content, Attributes attributes = {});
  // <tag attrs>content</tag> for any element with text content, such as <title>.
  void text_element(std::string_view tag, std::string_view content, Attributes attributes = {});

  // The whole document, every open element closed.
  [[nodiscard]] std::string finish() &&;

 private:
  void start_tag(std::string_view tag, Attributes attributes);

  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace nabla::plot
