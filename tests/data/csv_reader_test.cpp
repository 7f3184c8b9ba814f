// CSV reading: headers, label columns, label mappings, quoting, and errors naming file and line.
#include <gtest/gtest.h>
#include <nabla/data/csv_reader.h>

#include "data_test_files.h"

namespace nabla::data {
namespace {

using testing::contains;
using testing::error_of;
using testing::TempDir;
using testing::write_text;

LabeledData load_text(const TempDir& dir, const std::string& text, const CsvOptions& options = {}) {
  write_text(dir / "data.csv", text);
  return load_csv(dir / "data.csv", options);
}

std::string csv_error(const TempDir& dir, const std::string& text, const CsvOptions& options = {}) {
  write_text(dir / "data.csv", text);
  return error_of<std::runtime_error>([&] { (void)load_csv(dir / "data.csv", options); });
}

TEST(CsvReader, IntegerLabelsInTheLastColumnAreClassIndices) {
  TempDir dir;
  LabeledData data = load_text(dir, "1.5,2,0\n-3e2, 4 ,2\n\n+5,6,1\n");
  EXPECT_EQ(data.sample_shape, (std::vector<int64_t>{2}));
  EXPECT_EQ(data.features, (std::vector<float>{1.5f, 2, -300, 4, 5, 6}));
  EXPECT_EQ(data.labels, (std::vector<int64_t>{0, 2, 1}));
  EXPECT_EQ(data.num_classes, 3);
  EXPECT_TRUE(data.class_names.empty());
}

TEST(CsvReader, HeaderIsDetectedAndLabelColumnChosenByName) {
  TempDir dir;
  LabeledData data = load_text(dir, "species,length,width\r\nsetosa,1,2\r\nvirginica,3,4\r\nsetosa,5,6\r\n",
                               {.label_column = "species"});
  EXPECT_EQ(data.features, (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"setosa", "virginica"}));
  EXPECT_EQ(data.labels, (std::vector<int64_t>{0, 1, 0}));
  EXPECT_EQ(data.num_classes, 2);
  // The same file with the label chosen by index: the header is detected from its text fields.
  EXPECT_EQ(load_text(dir, "species,length,width\nsetosa,1,2\n", {.label_index = 0}).size(), 1);
}

TEST(CsvReader, StringLabelsInDataRowsDoNotLookLikeAHeader) {
  TempDir dir;
  LabeledData data = load_text(dir, "1,2,cat\n3,4,dog\n");
  EXPECT_EQ(data.size(), 2);
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"cat", "dog"}));
}

TEST(CsvReader, NumericLabelsThatAreNotIndicesAreSortedByValue) {
  TempDir dir;
  LabeledData data = load_text(dir, "x,y\n1,10\n2,-1\n3,9\n4,2.5\n5,10\n");
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"-1", "2.5", "9", "10"}));
  EXPECT_EQ(data.labels, (std::vector<int64_t>{3, 0, 2, 1, 3}));
}

TEST(CsvReader, GivenClassNamesFixTheMapping) {
  TempDir dir;
  LabeledData data = load_text(dir, "1,dog\n2,dog\n", {.class_names = {"cat", "dog"}});
  EXPECT_EQ(data.labels, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(data.num_classes, 2);
  EXPECT_TRUE(contains(csv_error(dir, "1,dog\n2,emu\n", {.class_names = {"cat", "dog"}}),
                       "data.csv:2: label \"emu\" is not one of the 2 given class names"));
}

TEST(CsvReader, QuotedFieldsAndOtherDelimiters) {
  TempDir dir;
  LabeledData data = load_text(dir, "a;b\n1;\"x; \"\"y\"\"\"\n", {.delimiter = ';'});
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"x; \"y\""}));
  EXPECT_EQ(load_text(dir, "0,1\n2,0\n", {.header = CsvHeader::present}).size(), 1);
}

TEST(CsvReader, ErrorsNameTheFileAndLine) {
  TempDir dir;
  std::string path = (dir / "data.csv").string();
  EXPECT_TRUE(contains(csv_error(dir, ""), path + ":1: empty file"));
  EXPECT_TRUE(contains(csv_error(dir, "\n  \n"), path + ":1: empty file"));
  EXPECT_TRUE(contains(csv_error(dir, "a,b,label\n"), path + ":1: a header and no data rows"));
  EXPECT_TRUE(contains(csv_error(dir, "1,2,0\n3,4\n"), path + ":2: 2 fields, expected 3 as on line 1"));
  EXPECT_TRUE(contains(csv_error(dir, "a,b,c,d\n1,2,abc,0\n"), path + ":2: field 3 \"abc\" is not a number"));
  EXPECT_TRUE(contains(csv_error(dir, "1,2,0\n1,inf,0\n"), path + ":2: field 2 \"inf\" is not a finite float"));
  EXPECT_TRUE(contains(csv_error(dir, "1,1e39,0\n"), path + ":1: field 2 \"1e39\" is not a finite float"));
  EXPECT_TRUE(contains(csv_error(dir, "1,2,\n"), path + ":1: field 3: empty label"));
  EXPECT_TRUE(contains(csv_error(dir, "1,\"2,0\n"), path + ":1: field 2: quoted field is not closed"));
  EXPECT_TRUE(contains(csv_error(dir, "1,\"2\"x,0\n"), path + ":1: field 2: text after the closing quote"));
  EXPECT_TRUE(contains(csv_error(dir, "7\n"), path + ":1: one field"));
  EXPECT_TRUE(
      contains(csv_error(dir, "a,b\n1,2\n", {.label_column = "label"}), path + ":1: no column named \"label\""));
  EXPECT_TRUE(
      contains(csv_error(dir, "1,2\n", {.label_index = 2}), path + ":1: label column 2 is outside the 2 columns"));
  EXPECT_THROW((void)load_text(dir, "a,b\n1,2\n", {.label_column = "b", .header = CsvHeader::absent}),
               std::invalid_argument);
}

TEST(CsvReader, AWideFirstRowReservesNoMoreThanTheFileCanFill) {
  TempDir dir;
  // 100000 columns on line 1, then a million one-field lines: rows x columns floats would be 400 GB.
  std::string text = "0";
  for (int c = 1; c < 100000; ++c) text += ",0";
  text += '\n';
  for (int r = 0; r < 1000000; ++r) text += "1\n";
  EXPECT_TRUE(contains(csv_error(dir, text), "data.csv:2: 1 fields, expected 100000 as on line 1"));
}

TEST(CsvReader, FileContentInMessagesIsEscapedAndCutShort) {
  TempDir dir;
  std::string e = csv_error(dir, "a,b,c\n1,\x1b[2J\x1b[31m,0\n");
  EXPECT_TRUE(contains(e, "data.csv:2: field 2 \"\\x1B[2J\\x1B[31m\" is not a number"));
  e = csv_error(dir, "a,b,c\n1," + std::string(100000, '7') + "x,0\n");
  EXPECT_TRUE(contains(e, "7777... (100001 bytes)\" is not a number"));
  EXPECT_LT(e.size(), 300u);
  e = csv_error(dir, "1,dog\n2,\x07\n", {.class_names = {"cat", "dog"}});
  EXPECT_TRUE(contains(e, "data.csv:2: label \"\\x07\" is not one of the 2 given class names"));
}

TEST(CsvReader, ClassIndicesLieBelowTheNumberOfRows) {
  TempDir dir;
  // One number in the file must not size a model: 10^9 classes for two rows is an error.
  EXPECT_TRUE(contains(csv_error(dir, "1,2,0\n3,4,999999999\n"),
                       "data.csv:2: label 999999999 is read as a class index, which must lie in [0, 2), the "
                       "number of data rows"));
  LabeledData data = load_text(dir, "1,0\n2,2\n3,1\n");
  EXPECT_EQ(data.num_classes, 3);
  EXPECT_EQ(data.labels, (std::vector<int64_t>{0, 2, 1}));
}

}  // namespace
}  // namespace nabla::data
