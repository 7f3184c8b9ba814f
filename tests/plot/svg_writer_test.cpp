// SvgWriter, escaping and number formatting; also that the test's XML check rejects broken documents.
#include <nabla/plot/svg_writer.h>

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "xml_check.h"

namespace nabla::plot {
namespace {

using testing::count;
using testing::xml_error;

TEST(XmlEscape, ReplacesMarkupCharactersWithEntities) {
  EXPECT_EQ(xml_escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
  EXPECT_EQ(xml_escape("plain text, 3.5%"), "plain text, 3.5%");
}

TEST(XmlEscape, ReplacesControlCharactersButKeepsWhitespaceAndUtf8) {
  EXPECT_EQ(xml_escape(std::string("a\x01" "b\tc\n")), "a?b\tc\n");
  EXPECT_EQ(xml_escape("\xce\xb1=0.1"), "\xce\xb1=0.1");  // "α=0.1"
}

TEST(FormatNumber, DropsTrailingZerosAndNegativeZero) {
  EXPECT_EQ(format_number(1.0), "1");
  EXPECT_EQ(format_number(2.5), "2.5");
  EXPECT_EQ(format_number(3.14159), "3.14");
  EXPECT_EQ(format_number(-0.001), "0");
  EXPECT_EQ(format_number(100), "100");
  EXPECT_EQ(format_number(-12.5), "-12.5");
  EXPECT_EQ(format_number(1.23456, 4), "1.2346");
}

TEST(FormatNumber, ThrowsOnNonFinite) {
  EXPECT_THROW((void)format_number(NAN), std::invalid_argument);
  EXPECT_THROW((void)format_number(INFINITY), std::invalid_argument);
}

TEST(FormatSignificant, ShortExponentsAndNonFiniteWords) {
  EXPECT_EQ(format_significant(0.853), "0.853");
  EXPECT_EQ(format_significant(1.5e6), "1.5e6");
  EXPECT_EQ(format_significant(2e-5), "2e-5");
  EXPECT_EQ(format_significant(123456, 6), "123456");
  EXPECT_EQ(format_significant(NAN), "nan");
  EXPECT_EQ(format_significant(-INFINITY), "-inf");
}

TEST(SvgWriter, NestsElementsAndEscapesAttributesAndText) {
  SvgWriter svg(200, 100);
  svg.open("g", {{"class", "a&b"}});
  svg.element("rect", {{"x", 1.5}, {"width", 10.0}, {"fill", "#ff0000"}});
  svg.text("x < y", {{"x", 3.0}});
  svg.close();
  const std::string doc = std::move(svg).finish();
  EXPECT_EQ(xml_error(doc), "") << doc;
  EXPECT_NE(doc.find("viewBox=\"0 0 200 100\""), std::string::npos);
  EXPECT_NE(doc.find("font-family=\"sans-serif\""), std::string::npos);
  EXPECT_NE(doc.find("class=\"a&amp;b\""), std::string::npos);
  EXPECT_NE(doc.find("<rect x=\"1.5\" width=\"10\" fill=\"#ff0000\"/>"), std::string::npos);
  EXPECT_NE(doc.find(">x &lt; y</text>"), std::string::npos);
}

TEST(SvgWriter, FinishClosesOpenElements) {
  SvgWriter svg(10, 10);
  svg.open("g");
  svg.open("g");
  const std::string doc = std::move(svg).finish();
  EXPECT_EQ(xml_error(doc), "") << doc;
  EXPECT_EQ(count(doc, "</g>"), 2u);
}

TEST(SvgWriter, CloseWithoutOpenThrows) {
  SvgWriter svg(10, 10);
  EXPECT_THROW(svg.close(), std::logic_error);
}

TEST(XmlCheck, RejectsBrokenDocuments) {
  EXPECT_EQ(xml_error("<svg><g></g></svg>"), "");
  EXPECT_NE(xml_error("<svg><g></svg>"), "");
  EXPECT_NE(xml_error("<svg><g>"), "");
  EXPECT_NE(xml_error("<svg>a < b</svg>"), "");
  EXPECT_NE(xml_error("<svg>a & b</svg>"), "");
  EXPECT_NE(xml_error("<svg x=\"<\"/>"), "");
  EXPECT_NE(xml_error("<svg/><svg/>"), "");
  EXPECT_NE(xml_error("<svg x=1/>"), "");
}

}  // namespace
}  // namespace nabla::plot
