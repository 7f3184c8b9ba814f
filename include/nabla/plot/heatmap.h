// Heatmaps: a matrix as coloured cells with their values written in, for confusion matrices.
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace nabla::plot {

struct HeatmapOptions {
  std::string title{};
  std::string x_label{};  // under the columns, e.g. "predicted"
  std::string y_label{};  // left of the rows, e.g. "true"
  std::vector<std::string> row_labels{}, column_labels{};  // empty: 0, 1, 2, ...
  bool normalise_rows = false;  // each row divided by its sum (a confusion matrix's recall per class)
  bool show_values = true;      // written in the cells while they are large enough to hold them
  double cell_size = 0;         // px; 0 sizes the cells from the matrix dimensions
};

// values (rows, cols) row-major, each row divided by its sum; a row summing to zero (or to a
// non-finite value) becomes NaN, since its proportions are undefined.
[[nodiscard]] std::vector<double> normalise_rows(std::span<const double> values, std::size_t rows, std::size_t cols);

// An SVG document sized to fit: one cell per entry of values (rows, cols) row-major, coloured by
// ColorBrewer Blues from min(0, smallest) to the largest value (0 to 1 when normalised), with a
// colour bar. Values are written as integers when all are integers, with two decimals when
// normalised, otherwise to three significant digits or all integer digits, whichever is more; a
// NaN cell is grey and reads "-". Throws std::invalid_argument when values.size() != rows * cols,
// a dimension is zero, or a non-empty label list does not have one label per row or column.
[[nodiscard]] std::string heatmap_svg(std::span<const double> values, std::size_t rows, std::size_t cols,
                                      const HeatmapOptions& options = {});

}  // namespace nabla::plot
