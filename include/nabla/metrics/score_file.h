// ScoreFile: a classifier's labels and scores read from CSV, for `nabla metrics`.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace nabla::metrics {

// Binary: header `label,score`, labels 0/1 or -1/+1 (-1 is stored as 0), one score per row.
// Multiclass: header `label,score_0,...,score_{C-1}` (C >= 2), label = class index in [0, C).
struct ScoreFile {
  std::vector<int> labels{};
  std::vector<double> scores{};  // (num_samples, num_columns) row-major
  std::size_t num_columns = 1;  // 1 for binary scores

  [[nodiscard]] bool binary() const { return num_columns == 1; }
  [[nodiscard]] std::size_t num_classes() const { return binary() ? 2 : num_columns; }
  [[nodiscard]] std::size_t num_samples() const { return labels.size(); }
};

// Files with more score columns than this need at least one data row per class: the report's
// confusion matrix grows with the square of the class count.
inline constexpr std::size_t kMaxClassesWithoutRows = 1000;

// Reads the CSV at path. Blank lines are skipped, fields may be padded with spaces, CRLF is fine.
// Throws std::runtime_error "<path>: ..." when the file cannot be read or holds no data, and
// "<path>:<line>: ..." for a bad header, a wrong field count, a non-numeric or non-finite field,
// a non-integer label or a label out of range, binary labels mixing 0 and -1, or more classes
// than max(data rows, kMaxClassesWithoutRows). File content in messages is escaped and cut short.
[[nodiscard]] ScoreFile read_score_file(const std::string& path);

// The same from a stream; name is what the messages call the input.
[[nodiscard]] ScoreFile parse_score_csv(std::istream& in, const std::string& name);

}  // namespace nabla::metrics
