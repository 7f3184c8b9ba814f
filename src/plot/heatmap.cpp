// heatmap_svg: layout of cells, labels and colour bar; value text; row normalisation.
#include <nabla/plot/heatmap.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include <nabla/plot/axis.h>
#include <nabla/plot/colour_bar.h>
#include <nabla/plot/colour_map.h>
#include <nabla/plot/plot_frame.h>
#include <nabla/plot/svg_writer.h>

namespace nabla::plot {

namespace {

constexpr double kEdge = 10;
constexpr double kGap = 6;

std::vector<std::string> labels_or_indices(const std::vector<std::string>& labels, std::size_t n, const char* what) {
  if (labels.empty()) {
    std::vector<std::string> indices;
    for (std::size_t i = 0; i < n; ++i) indices.push_back(std::to_string(i));
    return indices;
  }
  if (labels.size() != n) {
    throw std::invalid_argument(std::string("heatmap: ") + std::to_string(labels.size()) + " " + what +
                                " labels for " + std::to_string(n) + " " + what + "s");
  }
  return labels;
}

// The text of every cell, formatted alike (see heatmap_svg).
std::vector<std::string> cell_texts(const std::vector<double>& values, bool normalised) {
  const bool integers = std::all_of(values.begin(), values.end(), [](double v) {
    return !std::isfinite(v) || (v == std::round(v) && std::abs(v) < 1e9);
  });
  std::vector<std::string> texts;
  for (double v : values) {
    char buffer[32];
    if (std::isnan(v)) {
      texts.emplace_back("-");
    } else if (std::isinf(v)) {
      texts.push_back(format_significant(v));
    } else if (normalised) {
      std::snprintf(buffer, sizeof buffer, "%.2f", v);
      texts.emplace_back(buffer);
    } else if (integers) {
      std::snprintf(buffer, sizeof buffer, "%.0f", v);
      texts.emplace_back(buffer);
    } else {
      // Three significant digits, but never fewer than the integer part has: 0.123, 2.5, 1000.
      const int integer_digits = v == 0 ? 1 : static_cast<int>(std::floor(std::log10(std::abs(v)))) + 1;
      texts.push_back(format_significant(v, std::max(3, integer_digits)));
    }
  }
  return texts;
}

double widest(const std::vector<std::string>& texts, double font) {
  double w = 0;
  for (const auto& t : texts) w = std::max(w, text_width(t, font));
  return w;
}

// What the drawing steps share: the values as shown, the colour scale and the layout.
struct Heatmap {
  std::size_t rows = 0, cols = 0;
  std::vector<double> shown{};
  std::vector<std::string> texts{}, row_labels{}, column_labels{};
  double lo = 0, hi = 1;  // colour scale
  ColourMap map = blues();
  Axis bar{};
  double cell = 0, value_font = 0;
  bool write_values = false, rotate_columns = false;
  double grid_x = 0, grid_y = 0, grid_w = 0, grid_h = 0, bar_x = 0, width = 0, height = 0;

  [[nodiscard]] double value(std::size_t r, std::size_t c) const { return shown[r * cols + c]; }
  [[nodiscard]] Rgb colour(double v) const { return map((v - lo) / (hi - lo)); }
  [[nodiscard]] double cell_x(std::size_t c) const { return grid_x + cell * static_cast<double>(c); }
  [[nodiscard]] double cell_y(std::size_t r) const { return grid_y + cell * static_cast<double>(r); }
};

Heatmap layout(std::span<const double> values, std::size_t rows, std::size_t cols, const HeatmapOptions& options) {
  Heatmap h{.rows = rows, .cols = cols};
  h.row_labels = labels_or_indices(options.row_labels, rows, "row");
  h.column_labels = labels_or_indices(options.column_labels, cols, "column");
  h.shown = options.normalise_rows ? normalise_rows(values, rows, cols)
                                   : std::vector<double>(values.begin(), values.end());
  h.texts = cell_texts(h.shown, options.normalise_rows);

  // Colour scale: from 0 (or a negative minimum) to the largest finite value.
  h.hi = options.normalise_rows ? 1 : -std::numeric_limits<double>::infinity();
  for (double v : h.shown) {
    if (!std::isfinite(v)) continue;
    h.lo = std::min(h.lo, v);
    h.hi = std::max(h.hi, v);
  }
  if (!(h.hi > h.lo)) h.hi = h.lo + 1;
  h.bar = linear_axis(h.lo, h.hi, 0, 5);

  // Cells large enough for their text, or shrunk (texts hidden) to keep big matrices on a page.
  h.cell = options.cell_size > 0 ? options.cell_size
                                 : std::clamp(560.0 / static_cast<double>(std::max(rows, cols)), 12.0, 56.0);
  h.value_font = std::min(12.0, (h.cell - 6) / std::max(0.6, widest(h.texts, 1.0)));
  h.write_values = options.show_values && h.value_font >= 7;

  // Left to right: y label, row labels, cells, colour bar and its tick labels. Top to bottom:
  // title, cells, column labels (turned 45 degrees when wider than a cell), x label.
  const double column_label_width = widest(h.column_labels, kTickFont);
  h.rotate_columns = column_label_width > h.cell - 4;
  const double column_label_height = h.rotate_columns ? column_label_width * 0.71 + kTickFont : kTickFont + kGap;
  const double y_label_width = options.y_label.empty() ? 0 : kLabelFont + kGap;
  const double row_side = kEdge + y_label_width + widest(h.row_labels, kTickFont) + kGap;
  // A turned label reaches 0.71 (cos 45 degrees) of its width left of its column's centre.
  const double turned_reach = h.rotate_columns ? kEdge + column_label_width * 0.71 - h.cell / 2 : 0;
  h.grid_x = std::max(row_side, turned_reach);
  h.grid_y = options.title.empty() ? kEdge : kEdge * 2 + kTitleFont;
  h.grid_w = h.cell * static_cast<double>(cols);
  h.grid_h = h.cell * static_cast<double>(rows);
  h.bar_x = h.grid_x + h.grid_w + kGap * 3;
  h.width = std::max(h.bar_x + kColourBarWidth + colour_bar_label_width(h.bar) + kEdge,
                     text_width(options.title, kTitleFont) + 2 * kEdge);
  h.height = h.grid_y + h.grid_h + kGap + column_label_height + (options.x_label.empty() ? 0 : kLabelFont + kGap) +
             kEdge;
  return h;
}

void draw_cells(SvgWriter& svg, const Heatmap& h) {
  svg.open("g", {{"class", "cells"}, {"stroke", "#ffffff"}, {"stroke-width", 1.0}});
  for (std::size_t r = 0; r < h.rows; ++r) {
    for (std::size_t c = 0; c < h.cols; ++c) {
      const double v = h.value(r, c);
      svg.element("rect", {{"class", "cell"}, {"x", h.cell_x(c)}, {"y", h.cell_y(r)}, {"width", h.cell},
                           {"height", h.cell}, {"fill", std::isfinite(v) ? to_hex(h.colour(v)) : "#dddddd"}});
    }
  }
  svg.close();
  if (!h.write_values) return;
  svg.open("g", {{"class", "values"}, {"font-size", h.value_font}, {"text-anchor", "middle"}});
  for (std::size_t r = 0; r < h.rows; ++r) {
    for (std::size_t c = 0; c < h.cols; ++c) {
      const double v = h.value(r, c);
      const bool dark = std::isfinite(v) && luminance(h.colour(v)) < 0.35;
      svg.text(h.texts[r * h.cols + c], {{"x", h.cell_x(c) + h.cell / 2}, {"y", h.cell_y(r) + h.cell / 2},
                                         {"dy", "0.35em"}, {"fill", dark ? "#ffffff" : "#222222"}});
    }
  }
  svg.close();
}

void draw_labels(SvgWriter& svg, const Heatmap& h) {
  svg.open("g", {{"class", "labels"}, {"font-size", kTickFont}, {"fill", "#333333"}});
  for (std::size_t r = 0; r < h.rows; ++r) {
    svg.text(h.row_labels[r],
             {{"x", h.grid_x - kGap}, {"y", h.cell_y(r) + h.cell / 2}, {"dy", "0.35em"}, {"text-anchor", "end"}});
  }
  const double y = h.grid_y + h.grid_h + kGap + kTickFont * 0.8;
  for (std::size_t c = 0; c < h.cols; ++c) {
    const double x = h.cell_x(c) + h.cell / 2;
    if (h.rotate_columns) {
      svg.text(h.column_labels[c], {{"x", x}, {"y", y}, {"text-anchor", "end"},
                                    {"transform", "rotate(-45 " + format_number(x) + " " + format_number(y) + ")"}});
    } else {
      svg.text(h.column_labels[c], {{"x", x}, {"y", y}, {"text-anchor", "middle"}});
    }
  }
  svg.close();
}

// Every heatmap defines the same gradient under the same id, so documents inlined in one HTML page
// agree on it.
void draw_bar(SvgWriter& svg, const Heatmap& h) {
  draw_colour_bar(svg, {h.bar_x, h.grid_y, kColourBarWidth, h.grid_h}, h.bar, h.map, "heatmap-scale");
}

void draw_titles(SvgWriter& svg, const Heatmap& h, const HeatmapOptions& options) {
  if (!options.x_label.empty()) {
    svg.text(options.x_label, {{"class", "x-label"}, {"x", h.grid_x + h.grid_w / 2}, {"y", h.height - kEdge},
                               {"font-size", kLabelFont}, {"text-anchor", "middle"}});
  }
  if (!options.y_label.empty()) {
    const double x = kEdge + kLabelFont * 0.8;
    const double y = h.grid_y + h.grid_h / 2;
    svg.text(options.y_label, {{"class", "y-label"}, {"x", x}, {"y", y}, {"font-size", kLabelFont},
                               {"text-anchor", "middle"},
                               {"transform", "rotate(-90 " + format_number(x) + " " + format_number(y) + ")"}});
  }
  if (!options.title.empty()) {
    svg.text(options.title, {{"class", "title"}, {"x", h.width / 2}, {"y", kEdge + kTitleFont},
                             {"font-size", kTitleFont}, {"font-weight", "bold"}, {"text-anchor", "middle"}});
  }
}

}  // namespace

std::vector<double> normalise_rows(std::span<const double> values, std::size_t rows, std::size_t cols) {
  if (values.size() != rows * cols) {
    throw std::invalid_argument("heatmap: normalise_rows of " + std::to_string(values.size()) + " values as " +
                                std::to_string(rows) + " x " + std::to_string(cols));
  }
  std::vector<double> out(values.begin(), values.end());
  for (std::size_t r = 0; r < rows; ++r) {
    double sum = 0;
    for (std::size_t c = 0; c < cols; ++c) sum += values[r * cols + c];
    for (std::size_t c = 0; c < cols; ++c) {
      out[r * cols + c] = sum != 0 && std::isfinite(sum) ? values[r * cols + c] / sum : NAN;
    }
  }
  return out;
}

std::string heatmap_svg(std::span<const double> values, std::size_t rows, std::size_t cols,
                        const HeatmapOptions& options) {
  if (rows == 0 || cols == 0 || values.size() != rows * cols) {
    throw std::invalid_argument("heatmap: " + std::to_string(values.size()) + " values cannot fill " +
                                std::to_string(rows) + " x " + std::to_string(cols) + " cells");
  }
  const Heatmap h = layout(values, rows, cols, options);
  SvgWriter svg(h.width, h.height);
  if (!options.title.empty()) svg.text_element("title", options.title);
  svg.element("rect", {{"width", h.width}, {"height", h.height}, {"fill", "#ffffff"}});
  draw_cells(svg, h);
  draw_labels(svg, h);
  draw_bar(svg, h);
  draw_titles(svg, h, options);
  return std::move(svg).finish();
}

}  // namespace nabla::plot
