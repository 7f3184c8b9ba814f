// Reader for CSV files of numeric feature columns and one label column.
#pragma once

#include <nabla/data/labeled_data.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nabla::data {

// Whether the first row names the columns; `detect` takes it for a header when one of its feature
// fields is not a number.
enum class CsvHeader { detect, present, absent };

// Members without a default carry `{}` so that designated initialisers may leave them out cleanly.
struct CsvOptions {
  std::string label_column{};  // the label column's header name; empty: use label_index
  int64_t label_index = -1;    // 0-based column, negative counts from the end (-1: the last)
  CsvHeader header = CsvHeader::detect;
  char delimiter = ',';
  // When not empty, each label's text must be one of these and maps to its position: pass the
  // training set's class_names when loading its test set so that both use one mapping.
  std::vector<std::string> class_names{};
};

// Reads path (gzipped or not) into sample_shape {F}, F the number of feature columns.
// Fields may be double-quoted ("" is a quote); blank lines are skipped. Labels, unless
// options.class_names is given: when all are non-negative integers they are the class indices
// (num_classes = max + 1, class_names empty), each below the number of data rows; otherwise the
// distinct texts sorted (by value when all are numbers) become class_names and the labels their positions.
// Throws std::runtime_error "<path>:<line>: ..." for an empty file, a row with the wrong number of
// fields, a feature that is not a finite number, an unknown label or a class index past the number
// of rows (file content in messages is escaped and cut short); std::invalid_argument for options
// that contradict each other.
[[nodiscard]] LabeledData load_csv(const std::filesystem::path& path, const CsvOptions& options = {});

}  // namespace nabla::data
