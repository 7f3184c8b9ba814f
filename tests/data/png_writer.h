// Writes tiny 8-bit PNG files with libpng, for the tests that read images.
#pragma once
#include <gtest/gtest.h>
#include <png.h>

#include <cstdint>
#include <filesystem>
#include <vector>

namespace nabla::data::testing {

// Writes an 8-bit PNG of the given format (PNG_FORMAT_GRAY, _RGB, _GA, ...) from interleaved samples.
inline void write_png(const std::filesystem::path& path, uint32_t width, uint32_t height, uint32_t format,
                      const std::vector<uint8_t>& samples) {
  std::filesystem::create_directories(path.parent_path());
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = width;
  image.height = height;
  image.format = format;
  ASSERT_TRUE(png_image_write_to_file(&image, path.c_str(), 0, samples.data(), 0, nullptr)) << image.message;
}

}  // namespace nabla::data::testing
