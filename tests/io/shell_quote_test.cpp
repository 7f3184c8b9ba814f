// shell_quote: safe words pass unchanged, anything else becomes one single-quoted word.
#include <gtest/gtest.h>

#include <nabla/io/shell_quote.h>

namespace nabla::io {
namespace {

TEST(ShellQuote, QuotesOnlyWhatTheShellWouldSplitOrExpand) {
  EXPECT_EQ(shell_quote("runs/convnet-20240501-120000"), "runs/convnet-20240501-120000");
  EXPECT_EQ(shell_quote("my runs/a"), "'my runs/a'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote("$HOME*"), "'$HOME*'");
  EXPECT_EQ(shell_quote(""), "''");
}

}  // namespace
}  // namespace nabla::io
