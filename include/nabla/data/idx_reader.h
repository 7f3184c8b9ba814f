// Readers for the IDX format of MNIST and Fashion-MNIST, plain or gzipped.
#pragma once

#include <nabla/data/labeled_data.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace nabla::data {

// One IDX file decoded to native byte order. The file is 00 00 <type> <ndims>, then ndims big-endian
// uint32 sizes, then the elements big-endian and row-major. The element type byte selects the
// alternative of `values`: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64.
struct IdxArray {
  std::vector<int64_t> shape;
  std::variant<std::vector<uint8_t>, std::vector<int8_t>, std::vector<int16_t>, std::vector<int32_t>,
               std::vector<float>, std::vector<double>>
      values;
  uint32_t magic = 0;       // the first four bytes, e.g. 0x00000803 for MNIST images
  int64_t data_offset = 0;  // byte offset of the first element: 4 + 4 * ndims
  bool gzipped = false;     // offsets then count in the decompressed data
};

// Reads a whole IDX file; a file that starts with the gzip magic bytes is decompressed first.
// Throws std::runtime_error naming the file and byte offset for a truncated file, a bad magic,
// an unknown element type, or sizes that disagree with the file length.
[[nodiscard]] IdxArray read_idx(const std::filesystem::path& path);

// Reads MNIST-style images (magic 0x00000803: uint8 [N,H,W]) and labels (an integer IDX file of
// one dimension, MNIST's is 0x00000801: uint8 [N]) into sample_shape {1,H,W} with pixels / 255.
// requires: N, H, W >= 1; equal counts N; labels in [0, num_classes) when num_classes > 0, else labels >= 0.
// ensures: result.num_classes is num_classes, or max label + 1 when num_classes is 0.
[[nodiscard]] LabeledData load_idx_pair(const std::filesystem::path& images_path,
                                        const std::filesystem::path& labels_path, int64_t num_classes = 0);

}  // namespace nabla::data
