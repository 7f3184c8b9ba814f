// printable: file content in error messages, escaped and cut short.
#include <gtest/gtest.h>

#include <nabla/io/printable.h>

namespace nabla::io {
namespace {

TEST(Printable, KeepsPrintableAsciiAndEscapesEverythingElse) {
  EXPECT_EQ(printable("label,score_0"), "label,score_0");
  EXPECT_EQ(printable(std::string("\x1b[31mred\x00\x7f", 10)), "\\x1B[31mred\\x00\\x7F");
  EXPECT_EQ(printable("caf\xc3\xa9 \\n"), "caf\\xC3\\xA9 \\x5Cn");  // UTF-8 and a backslash escaped too
}

TEST(Printable, CutsLongTextAndSaysHowLongItWas) {
  const std::string long_text(1000, 'a');
  EXPECT_EQ(printable(long_text, 5), "aaaaa... (1000 bytes)");
  EXPECT_EQ(printable(long_text).size(), 40 + std::string("... (1000 bytes)").size());
  EXPECT_EQ(printable("abcde", 5), "abcde");
}

}  // namespace
}  // namespace nabla::io
