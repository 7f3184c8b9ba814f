// Reading score CSV files: both formats, tolerated layout, and file:line messages for bad input.
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nabla/metrics/score_file.h>

#include "temp_file.h"

namespace nabla::metrics {
namespace {

using test::TempFile;

// The message read_score_file throws for a file holding text, or "" when it throws nothing.
std::string error_for(const std::string& name, const std::string& text) {
  const TempFile file(name, text);
  try {
    (void)read_score_file(file.path());
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    // Report relative to the file's path, which differs per run.
    const auto at = message.find(file.path());
    return at == 0 ? name + message.substr(file.path().size()) : message;
  }
  return "";
}

TEST(ScoreFile, ReadsBinaryWithSignedLabelsBlankLinesAndCrlf) {
  std::istringstream in("label, score\r\n+1,0.9\r\n\r\n-1, -0.25\r\n  1 ,+3e-1\r\n");
  const ScoreFile file = parse_score_csv(in, "in.csv");
  EXPECT_TRUE(file.binary());
  EXPECT_EQ(file.num_classes(), 2u);
  EXPECT_EQ(file.labels, (std::vector<int>{1, 0, 1}));
  EXPECT_EQ(file.scores, (std::vector<double>{0.9, -0.25, 0.3}));
}

TEST(ScoreFile, ReadsMulticlassRows) {
  const TempFile file("multi.csv", "label,score_0,score_1,score_2\n2,0.1,0.2,0.7\n0,0.8,0.1,0.1\n");
  const ScoreFile scores = read_score_file(file.path());
  EXPECT_FALSE(scores.binary());
  EXPECT_EQ(scores.num_classes(), 3u);
  EXPECT_EQ(scores.num_samples(), 2u);
  EXPECT_EQ(scores.labels, (std::vector<int>{2, 0}));
  EXPECT_EQ(scores.scores, (std::vector<double>{0.1, 0.2, 0.7, 0.8, 0.1, 0.1}));
}

TEST(ScoreFile, MissingAndEmptyFiles) {
  EXPECT_THROW((void)read_score_file("/nonexistent/scores.csv"), std::runtime_error);
  try {
    (void)read_score_file("/nonexistent/scores.csv");
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/scores.csv: cannot open file");
  }
  EXPECT_EQ(error_for("empty.csv", "\n\n"),
            "empty.csv: empty file; expected the header 'label,score' or "
            "'label,score_0,...,score_{C-1}'");
  EXPECT_EQ(error_for("header_only.csv", "label,score\n"),
            "header_only.csv:1: no data rows after the header");
}

TEST(ScoreFile, BadHeaders) {
  const std::string expected =
      ":1: expected the header 'label,score' or 'label,score_0,...,score_{C-1}' with C >= 2, got ";
  EXPECT_EQ(error_for("h1.csv", "label,prob\n1,0.5\n"), "h1.csv" + expected + "'label,prob'");
  EXPECT_EQ(error_for("h2.csv", "label,score_0,score_2\n"),
            "h2.csv" + expected + "'label,score_0,score_2'");
  EXPECT_EQ(error_for("h3.csv", "label,score_0\n"), "h3.csv" + expected + "'label,score_0'");
  EXPECT_EQ(error_for("h4.csv", "1,0.5\n"), "h4.csv" + expected + "'1,0.5'");
}

TEST(ScoreFile, BadRowsNameTheLine) {
  EXPECT_EQ(error_for("count.csv", "label,score_0,score_1\n0,0.5,0.5\n\n1,0.5\n"),
            "count.csv:4: expected 3 fields, got 2");
  EXPECT_EQ(error_for("number.csv", "label,score\n1,0.5\n0,abc\n"),
            "number.csv:3: field 2 (score) is not a number: 'abc'");
  EXPECT_EQ(error_for("partial.csv", "label,score_0,score_1\n0,0.5,0.5x\n"),
            "partial.csv:2: field 3 (score_1) is not a number: '0.5x'");
  EXPECT_EQ(error_for("nan.csv", "label,score\n1,nan\n"),
            "nan.csv:2: field 2 (score) is not finite: 'nan'");
  EXPECT_EQ(error_for("blank.csv", "label,score\n1,\n"),
            "blank.csv:2: field 2 (score) is not a number: ''");
}

TEST(ScoreFile, BadLabelsNameTheLine) {
  EXPECT_EQ(error_for("range.csv", "label,score_0,score_1,score_2\n0,1,0,0\n3,0,0,1\n"),
            "range.csv:3: label 3 is not a class in [0, 3)");
  EXPECT_EQ(error_for("negative.csv", "label,score_0,score_1\n-1,1,0\n"),
            "negative.csv:2: label -1 is not a class in [0, 2)");
  EXPECT_EQ(error_for("binary.csv", "label,score\n2,0.5\n"),
            "binary.csv:2: binary label must be 0/1 or -1/+1, got 2");
  EXPECT_EQ(error_for("fraction.csv", "label,score\n0.5,0.5\n"),
            "fraction.csv:2: label '0.5' is not an integer");
  EXPECT_EQ(error_for("mixed.csv", "label,score\n0,0.1\n1,0.2\n-1,0.3\n"),
            "mixed.csv:4: binary labels mix 0 and -1; use 0/1 or -1/+1");
}

// A multiclass header of `classes` score columns.
std::string header_of(std::size_t classes) {
  std::string header = "label";
  for (std::size_t k = 0; k < classes; ++k) header += ",score_" + std::to_string(k);
  return header + "\n";
}

// A row with label 0 and `classes` scores.
std::string row_of(std::size_t classes) {
  std::string row = "0";
  for (std::size_t k = 0; k < classes; ++k) row += ",0";
  return row + "\n";
}

TEST(ScoreFile, ClassesBeyondAThousandNeedARowEach) {
  // The report's confusion matrix has classes^2 cells: 20000 classes from a 300 kB file took 3.2 GB.
  EXPECT_EQ(error_for("wide.csv", header_of(1001) + row_of(1001) + row_of(1001)),
            "wide.csv:1: 1001 classes but only 2 data rows; more than 1000 classes need at least one row per "
            "class");
  std::string enough = header_of(1001);
  for (int r = 0; r < 1001; ++r) enough += row_of(1001);
  EXPECT_EQ(error_for("enough.csv", enough), "");
  EXPECT_EQ(error_for("thousand.csv", header_of(1000) + row_of(1000)), "");
}

TEST(ScoreFile, FileContentInMessagesIsEscapedAndCutShort) {
  EXPECT_EQ(error_for("esc.csv", "label,score\n1,\x1b[2J\n"),
            "esc.csv:2: field 2 (score) is not a number: '\\x1B[2J'");
  EXPECT_EQ(error_for("label.csv", "label,score\n\x07,0.5\n"), "label.csv:2: label '\\x07' is not an integer");
  const std::string header = error_for("long.csv", std::string(5000, 'x') + "\n");
  EXPECT_NE(header.find("got 'xxxx"), std::string::npos) << header;
  EXPECT_NE(header.find("... (5000 bytes)'"), std::string::npos) << header;
  EXPECT_LT(header.size(), 300u);
}

}  // namespace
}  // namespace nabla::metrics
