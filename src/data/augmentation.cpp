// Augmenting one image sample: crop, flip and erase in torchvision's way, drawn from a generator of its own.
#include <nabla/data/augmentation.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "split_mix64.h"

namespace nabla::data {
namespace {

using detail::SplitMix64;

// The generator of one sample: SplitMix64 chained over seed, epoch and index, so that neighbouring
// epochs and indices start unrelated streams. The salt keeps it apart from the splits' SplitMix64(seed).
SplitMix64 sample_generator(uint64_t seed, int64_t epoch, int64_t index) {
  SplitMix64 by_seed(seed ^ 0x6175676D656E74ULL);  // "augment"
  SplitMix64 by_epoch(by_seed.next() ^ static_cast<uint64_t>(epoch));
  return SplitMix64(by_epoch.next() ^ static_cast<uint64_t>(index));
}

// Uniform in [0, 1) with 53 random bits.
double uniform(SplitMix64& g) { return static_cast<double>(g.next() >> 11) * 0x1p-53; }

int64_t below(SplitMix64& g, int64_t n) { return static_cast<int64_t>(g.below(static_cast<uint64_t>(n))); }

// RandomCrop(padding=p): the window's corner in the padded image, (i, j), is uniform in [0, 2p]² (rows
// drawn first), so dest (y, x) = source (y + i - p, x + j - p), 0 outside the source.
void crop(std::span<const float> source, std::span<float> dest, int64_t c, int64_t h, int64_t w, int64_t p,
          SplitMix64& g) {
  const int64_t dy = below(g, 2 * p + 1) - p, dx = below(g, 2 * p + 1) - p;
  std::fill(dest.begin(), dest.end(), 0.0f);
  const int64_t x0 = std::max<int64_t>(0, -dx), x1 = std::min(w, w - dx);  // the columns with a source
  for (int64_t ch = 0; ch < c; ++ch)
    for (int64_t y = std::max<int64_t>(0, -dy); y < std::min(h, h - dy); ++y)
      std::memcpy(dest.data() + (ch * h + y) * w + x0, source.data() + (ch * h + y + dy) * w + x0 + dx,
                  static_cast<std::size_t>(x1 - x0) * sizeof(float));
}

// RandomHorizontalFlip(0.5).
void flip(std::span<float> x, int64_t c, int64_t h, int64_t w, SplitMix64& g) {
  if (!(uniform(g) < 0.5)) return;
  for (int64_t row = 0; row < c * h; ++row) std::reverse(x.data() + row * w, x.data() + (row + 1) * w);
}

// RandomErasing(p, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0): up to 10 draws of an area and a
// log-uniform aspect h/w, rounded half to even as Python's round; the first rectangle that fits strictly
// inside the image is placed uniformly and zeroed in every channel; none that fits, nothing erased.
void erase(std::span<float> x, int64_t c, int64_t h, int64_t w, double p, SplitMix64& g) {
  if (!(uniform(g) < p)) return;
  const double area = static_cast<double>(h * w), log_low = std::log(0.3), log_high = std::log(3.3);
  for (int attempt = 0; attempt < 10; ++attempt) {
    const double target = area * (0.02 + (0.33 - 0.02) * uniform(g));
    const double aspect = std::exp(log_low + (log_high - log_low) * uniform(g));
    const auto eh = static_cast<int64_t>(std::nearbyint(std::sqrt(target * aspect)));
    const auto ew = static_cast<int64_t>(std::nearbyint(std::sqrt(target / aspect)));
    if (!(eh < h && ew < w)) continue;
    const int64_t top = below(g, h - eh + 1), left = below(g, w - ew + 1);
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t y = top; y < top + eh; ++y) {
        float* row = x.data() + (ch * h + y) * w + left;
        std::fill(row, row + ew, 0.0f);
      }
    return;
  }
}

}  // namespace

void augment_sample(const Augmentation& a, std::span<const int64_t> shape, std::span<const float> source,
                    std::span<float> dest, uint64_t seed, int64_t epoch, int64_t index) {
  if (shape.size() != 3 || source.size() != dest.size() ||
      static_cast<int64_t>(source.size()) != shape[0] * shape[1] * shape[2])
    throw std::invalid_argument("augment_sample: a sample of " + std::to_string(source.size()) + " values into " +
                                std::to_string(dest.size()) + " is not one image [C, H, W]");
  const int64_t c = shape[0], h = shape[1], w = shape[2];
  SplitMix64 g = sample_generator(seed, epoch, index);
  if (a.crop_padding > 0)
    crop(source, dest, c, h, w, a.crop_padding, g);
  else
    std::copy(source.begin(), source.end(), dest.begin());
  if (a.flip) flip(dest, c, h, w, g);
  if (a.erase_probability > 0) erase(dest, c, h, w, a.erase_probability, g);
}

}  // namespace nabla::data
