// DecodedImage: one image file's pixels as planar floats, whichever format it came from.
#pragma once

#include <cstdint>
#include <vector>

namespace nabla::data::detail {

// The most pixels (width x height) of one image: 8192 x 8192, about 800 MB as RGB floats.
inline constexpr uint64_t kMaxImagePixels = uint64_t{1} << 26;

// pixels[c*height*width + y*width + x] in [0,1].
struct DecodedImage {
  int64_t height = 0;
  int64_t width = 0;
  int64_t channels = 0;
  std::vector<float> pixels;
};

// Interleaved samples (HWC) to planar floats (CHW) scaled by 1 / max.
template <class Sample>
std::vector<float> to_planar(const std::vector<Sample>& hwc, int64_t pixels, int64_t channels, float max) {
  std::vector<float> chw(hwc.size());
  for (int64_t p = 0; p < pixels; ++p)
    for (int64_t c = 0; c < channels; ++c) chw[c * pixels + p] = static_cast<float>(hwc[p * channels + c]) / max;
  return chw;
}

}  // namespace nabla::data::detail
