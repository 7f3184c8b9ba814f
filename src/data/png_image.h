// Reading one PNG file through libpng's simplified API into planar floats.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace nabla::data::detail {

// The most pixels (width x height) of one image: 8192 x 8192, about 800 MB as RGB floats.
inline constexpr uint64_t kMaxPngPixels = uint64_t{1} << 26;

// One decoded image: pixels[c*height*width + y*width + x] in [0,1].
struct PngImage {
  int64_t height = 0;
  int64_t width = 0;
  int64_t channels = 0;
  std::vector<float> pixels;
};

// Decodes path into `channels` channels (1 grey, 3 RGB; 0 keeps the file's: 3 for colour, else 1).
// 8-bit files keep their sRGB values, 16-bit files their linear values; alpha is composited onto black.
// Throws std::runtime_error naming the file with libpng's message, or its size when that is past
// kMaxPngPixels or more than the file can hold (checked before decoding).
[[nodiscard]] PngImage read_png(const std::filesystem::path& path, int64_t channels);

}  // namespace nabla::data::detail
