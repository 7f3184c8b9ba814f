// Reading one JPEG file through libjpeg(-turbo) into planar floats.
#pragma once

#include <cstdint>
#include <filesystem>

#include "decoded_image.h"

namespace nabla::data::detail {

// Decodes a grey, YCbCr or RGB JPEG (baseline or progressive) into `channels` channels (1 grey: the luma
// of colour files; 3 RGB; 0 keeps the file's: 1 for grey, else 3), its 8-bit samples scaled by 1/255.
// Throws std::runtime_error naming the file with libjpeg's message (its warnings about corrupt or
// truncated data are errors too), for another colour space (CMYK, YCCK), for a size past kMaxImagePixels
// (checked before decoding) and for a progressive file of more than 500 scans.
[[nodiscard]] DecodedImage read_jpeg(const std::filesystem::path& path, int64_t channels);

}  // namespace nabla::data::detail
