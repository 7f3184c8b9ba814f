// Reader for a folder of PNG and JPEG images with one sub-folder per class.
#pragma once

#include <nabla/data/labeled_data.h>

#include <cstdint>
#include <filesystem>

namespace nabla::data {

struct ImageFolderOptions {
  int64_t channels = 0;  // 1 (grey) or 3 (RGB); 0: as the first image (3 when it has colour, else 1)
};

// Reads root/<class>/*.{png,jpg,jpeg} (extensions in any case): the sorted sub-folder names are
// class_names, files are read in sorted order per class into sample_shape {C,H,W} with values in [0,1].
// libpng converts between grey and RGB (sRGB-correct) and composites any alpha onto black; libjpeg
// turns grey into RGB and colour into its luma. JPEGs must be grey or RGB (YCbCr), not CMYK.
// requires: every image has the size of the first one; every class folder holds at least one image.
// Throws std::runtime_error naming the file (and both sizes when they differ); std::invalid_argument
// for channels other than 0, 1 or 3.
[[nodiscard]] LabeledData load_image_folder(const std::filesystem::path& root, const ImageFolderOptions& options = {});

}  // namespace nabla::data
