// load_prediction_inputs: images (PNG, JPEG) and CSV rows read for `nabla predict`, each with the name of its source.
#include <nabla/data/prediction_inputs.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string_view>

#include <nabla/io/printable.h>

#include "csv_fields.h"
#include "file_bytes.h"
#include "image_file.h"

namespace nabla::data {
namespace {

namespace fs = std::filesystem;

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

void add_image(PredictionInputs& out, const fs::path& file, const std::vector<int64_t>& shape) {
  if (shape.size() != 3)
    throw std::runtime_error(file.string() + ": an image, but the model takes samples of shape " + shape_text(shape));
  const detail::DecodedImage image = detail::read_image(file, shape[0]);
  if (image.height != shape[1] || image.width != shape[2])
    throw std::runtime_error(file.string() + ": size " + std::to_string(image.width) + "x" +
                             std::to_string(image.height) + " (width x height), the model takes " +
                             std::to_string(shape[2]) + "x" + std::to_string(shape[1]));
  out.features.insert(out.features.end(), image.pixels.begin(), image.pixels.end());
  out.names.push_back(file.string());
}

void add_folder(PredictionInputs& out, const fs::path& dir, const std::vector<int64_t>& shape) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && detail::is_image_file(entry.path())) files.push_back(entry.path());
  if (files.empty()) throw std::runtime_error(dir.string() + ": no PNG or JPEG files in this folder");
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) add_image(out, file, shape);
}

// One sample per row: F numbers, or F numbers and a label that is dropped.
void add_csv_rows(PredictionInputs& out, const fs::path& file, const std::vector<int64_t>& shape) {
  if (shape.size() != 1)
    throw std::runtime_error(file.string() + ": CSV rows, but the model takes samples of shape " + shape_text(shape));
  const auto features = static_cast<std::size_t>(shape[0]);
  const detail::FileBytes bytes = detail::read_file_bytes(file);
  detail::LineReader lines({reinterpret_cast<const char*>(bytes.bytes.data()), bytes.bytes.size()});
  detail::Line line;
  for (bool first = true; lines.next(line); first = false) {
    const std::vector<std::string> fields = detail::split_csv_line(line.text, ',', file, line.number);
    if (fields.size() != features && fields.size() != features + 1)
      throw std::runtime_error(detail::at_line(file, line.number,
                                               std::to_string(fields.size()) + " fields, the model takes " +
                                                   std::to_string(features) + " features (and an optional label)"));
    const bool header = first && std::any_of(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(features),
                                             [](const std::string& f) { return !detail::parse_number(f); });
    if (header) continue;
    for (std::size_t c = 0; c < features; ++c) {
      const std::optional<double> value = detail::parse_number(fields[c]);
      if (!value || !std::isfinite(static_cast<float>(*value)))
        throw std::runtime_error(detail::at_line(file, line.number,
                                                 "field " + std::to_string(c + 1) + " \"" + io::printable(fields[c]) +
                                                     "\" is not a " + (value ? "finite float" : "number")));
      out.features.push_back(static_cast<float>(*value));
    }
    out.names.push_back(file.string() + ":" + std::to_string(line.number));
  }
  if (line.number == 0) throw std::runtime_error(detail::at_line(file, 1, "empty file"));
}

}  // namespace

PredictionInputs load_prediction_inputs(const std::vector<fs::path>& paths, const std::vector<int64_t>& sample_shape) {
  PredictionInputs out;
  for (const fs::path& path : paths) {
    if (fs::is_directory(path))
      add_folder(out, path, sample_shape);
    else if (!fs::exists(path))
      throw std::runtime_error(path.string() + ": no such file or folder");
    else if (detail::is_image_file(path))
      add_image(out, path, sample_shape);
    else
      add_csv_rows(out, path, sample_shape);
  }
  return out;
}

}  // namespace nabla::data
