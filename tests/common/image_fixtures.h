// A small image folder on disk for tests that train on images: noisy grey PNGs, one bar position per class.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nabla/tensor/random.h>

#include "../data/png_writer.h"

namespace nabla::train::testing {

// dir/images/c<k>/<i>.png for k < classes, i < per_class: side × side grey images of noise with a bright
// vertical bar at column 2k (classes <= side / 2), so that a small model learns them. Returns dir/images.
inline std::filesystem::path write_image_folder(const std::filesystem::path& dir, int classes = 2, int per_class = 40,
                                                int side = 8, uint64_t seed = 1) {
  Generator gen(seed);
  const auto root = dir / "images";
  const auto n = static_cast<std::size_t>(side * side);
  for (int k = 0; k < classes; ++k)
    for (int i = 0; i < per_class; ++i) {
      std::vector<uint8_t> pixels(n);
      for (std::size_t p = 0; p < n; ++p)
        pixels[p] = static_cast<uint8_t>(static_cast<int>(p) % side == 2 * k ? 200 + gen.below(56) : gen.below(100));
      data::testing::write_png(root / std::string("c").append(std::to_string(k)) / (std::to_string(i) + ".png"),
                               static_cast<uint32_t>(side), static_cast<uint32_t>(side), PNG_FORMAT_GRAY, pixels);
    }
  return root;
}

}  // namespace nabla::train::testing
