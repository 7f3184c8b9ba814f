// The image files nabla reads, PNG and JPEG, told apart by their extension.
#pragma once

#include <cstdint>
#include <filesystem>

#include "decoded_image.h"

namespace nabla::data::detail {

// Whether path ends in .png, .jpg or .jpeg, in any case.
[[nodiscard]] bool is_image_file(const std::filesystem::path& path);

// read_jpeg for .jpg and .jpeg files, read_png for any other.
[[nodiscard]] DecodedImage read_image(const std::filesystem::path& path, int64_t channels);

}  // namespace nabla::data::detail
