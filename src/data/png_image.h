// Reading one PNG file through libpng's simplified API into planar floats.
#pragma once

#include <cstdint>
#include <filesystem>

#include "decoded_image.h"

namespace nabla::data::detail {

// Decodes path into `channels` channels (1 grey, 3 RGB; 0 keeps the file's: 3 for colour, else 1).
// 8-bit files keep their sRGB values, 16-bit files their linear values; alpha is composited onto black.
// Throws std::runtime_error naming the file with libpng's message, or its size when that is past
// kMaxImagePixels or more than the file can hold (checked before decoding).
[[nodiscard]] DecodedImage read_png(const std::filesystem::path& path, int64_t channels);

}  // namespace nabla::data::detail
