// PNG decoding with libpng's png_image API, converted from interleaved samples to planar floats.
#include "png_image.h"

#include <nabla/io/printable.h>
#include <png.h>

#include <stdexcept>
#include <string>

namespace nabla::data::detail {
namespace {

// Frees libpng's state on every exit path (png_image_free is a no-op once freed).
struct PngGuard {
  png_image image{};
  PngGuard() { image.version = PNG_IMAGE_VERSION; }
  PngGuard(const PngGuard&) = delete;
  PngGuard& operator=(const PngGuard&) = delete;
  ~PngGuard() { png_image_free(&image); }
};

// libpng's message about a failure, which may quote bytes of the file.
std::string libpng_message(const png_image& image) { return io::printable(image.message, sizeof image.message); }

// Rejects, before any pixel is allocated, a size the file is too small to hold (deflate expands at most
// 1032:1, and every row costs at least a filter byte and a bit per pixel) or past kMaxImagePixels.
void check_size(const std::filesystem::path& path, const png_image& image) {
  const uint64_t width = image.width, height = image.height;
  const std::string size = std::to_string(width) + "x" + std::to_string(height);
  std::error_code ec;
  const uint64_t file_size = std::filesystem::file_size(path, ec);
  const uint64_t least_data = height * (1 + (width + 7) / 8);
  if (!ec && least_data > 1032 * file_size)
    throw std::runtime_error(path.string() + ": a PNG of " + size + " pixels needs at least " +
                             std::to_string(least_data) + " bytes of image data, more than its " +
                             std::to_string(file_size) + " bytes can decompress to (damaged file?)");
  if (width * height > kMaxImagePixels)
    throw std::runtime_error(path.string() + ": PNG of " + size + " pixels (width x height) is larger than " +
                             std::to_string(kMaxImagePixels) + " pixels, the most nabla reads from one image");
}

}  // namespace

DecodedImage read_png(const std::filesystem::path& path, int64_t channels) {
  PngGuard guard;
  png_image& image = guard.image;
  if (!png_image_begin_read_from_file(&image, path.c_str()))
    throw std::runtime_error(path.string() + ": cannot read PNG: " + libpng_message(image));
  check_size(path, image);
  DecodedImage out;
  out.height = image.height;
  out.width = image.width;
  out.channels = channels != 0 ? channels : (image.format & PNG_FORMAT_FLAG_COLOR) ? 3 : 1;
  // A 16-bit file is read as 16-bit linear samples: no sRGB re-encoding of its values.
  const bool wide = (image.format & PNG_FORMAT_FLAG_LINEAR) != 0;
  image.format = out.channels == 3 ? (wide ? PNG_FORMAT_LINEAR_RGB : PNG_FORMAT_RGB)
                                   : (wide ? PNG_FORMAT_LINEAR_Y : PNG_FORMAT_GRAY);
  const int64_t pixels = out.height * out.width;
  auto finish = [&](void* buffer) {
    // A zeroed buffer is the black background that alpha is composited onto.
    if (!png_image_finish_read(&image, nullptr, buffer, 0, nullptr))
      throw std::runtime_error(path.string() + ": cannot decode PNG: " + libpng_message(image));
  };
  if (wide) {
    std::vector<uint16_t> hwc(static_cast<size_t>(pixels * out.channels));
    finish(hwc.data());
    out.pixels = to_planar(hwc, pixels, out.channels, 65535.0f);
  } else {
    std::vector<uint8_t> hwc(static_cast<size_t>(pixels * out.channels));
    finish(hwc.data());
    out.pixels = to_planar(hwc, pixels, out.channels, 255.0f);
  }
  return out;
}

}  // namespace nabla::data::detail
