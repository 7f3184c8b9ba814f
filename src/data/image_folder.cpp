// load_image_folder: one sub-folder per class, PNG and JPEG files inside, all of one size.
#include <nabla/data/image_folder.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "image_file.h"

namespace nabla::data {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> sorted_entries(const fs::path& dir, bool directories) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (directories ? !entry.is_directory() : !entry.is_regular_file()) continue;
    if (!directories && !detail::is_image_file(entry.path())) continue;
    out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string size_text(const detail::DecodedImage& image) {
  return std::to_string(image.width) + "x" + std::to_string(image.height);
}

}  // namespace

LabeledData load_image_folder(const fs::path& root, const ImageFolderOptions& options) {
  if (options.channels != 0 && options.channels != 1 && options.channels != 3)
    throw std::invalid_argument("load_image_folder: channels must be 0, 1 or 3, got " +
                                std::to_string(options.channels));
  if (!fs::is_directory(root)) throw std::runtime_error(root.string() + ": not a directory");
  std::vector<fs::path> classes = sorted_entries(root, true);
  if (classes.empty()) throw std::runtime_error(root.string() + ": no class sub-folders");

  LabeledData out;
  out.num_classes = static_cast<int64_t>(classes.size());
  fs::path first_path;
  detail::DecodedImage first;
  for (size_t c = 0; c < classes.size(); ++c) {
    out.class_names.push_back(classes[c].filename().string());
    std::vector<fs::path> files = sorted_entries(classes[c], false);
    if (files.empty()) throw std::runtime_error(classes[c].string() + ": no PNG or JPEG files in this class folder");
    for (const fs::path& file : files) {
      detail::DecodedImage image = detail::read_image(file, first_path.empty() ? options.channels : first.channels);
      if (first_path.empty()) {
        first_path = file;
        first = image;
        out.sample_shape = {image.channels, image.height, image.width};
      } else if (image.width != first.width || image.height != first.height) {
        throw std::runtime_error(file.string() + ": size " + size_text(image) + " (width x height) differs from " +
                                 size_text(first) + " of the first image " + first_path.string());
      }
      out.features.insert(out.features.end(), image.pixels.begin(), image.pixels.end());
      out.labels.push_back(static_cast<int64_t>(c));
    }
  }
  return out;
}

}  // namespace nabla::data
