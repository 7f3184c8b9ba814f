// Choosing the decoder of an image file by its extension.
#include "image_file.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "jpeg_image.h"
#include "png_image.h"

namespace nabla::data::detail {
namespace {

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return ext;
}

bool is_jpeg(const std::filesystem::path& path) {
  const std::string ext = lower_extension(path);
  return ext == ".jpg" || ext == ".jpeg";
}

}  // namespace

bool is_image_file(const std::filesystem::path& path) { return is_jpeg(path) || lower_extension(path) == ".png"; }

DecodedImage read_image(const std::filesystem::path& path, int64_t channels) {
  return is_jpeg(path) ? read_jpeg(path, channels) : read_png(path, channels);
}

}  // namespace nabla::data::detail
