// Augmentation of one sample: the text and its errors, the shapes it needs, flip as an exact mirror, crop as a
// shifted window with zero fill, erasing's rectangles and rates as torchvision draws them, and draws fixed by
// (seed, epoch, index).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include <nabla/data/augmentation.h>

#include "../common/error_of.h"

namespace nabla::data {
namespace {

using test::error_of;

// A [c, h, w] image whose values 1, 2, 3, … are all different and none is 0 (so a 0 is a filled pixel).
std::vector<float> ramp(int64_t c, int64_t h, int64_t w) {
  std::vector<float> v(static_cast<std::size_t>(c * h * w));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i + 1);
  return v;
}

std::vector<float> augmented(const Augmentation& a, const std::vector<int64_t>& shape, const std::vector<float>& x,
                             int64_t index, int64_t epoch = 0, uint64_t seed = 7) {
  std::vector<float> out(x.size(), -1.0f);
  augment_sample(a, shape, x, out, seed, epoch, index);
  return out;
}

TEST(Augmentation, ParsesItsTextInAnyOrder) {
  const Augmentation a = parse_augmentation("crop:4,flip,erase:0.5");
  EXPECT_EQ(a.crop_padding, 4);
  EXPECT_TRUE(a.flip);
  EXPECT_EQ(a.erase_probability, 0.5);
  const Augmentation b = parse_augmentation("erase:1, crop:2");
  EXPECT_EQ(b.crop_padding, 2);
  EXPECT_FALSE(b.flip);
  EXPECT_EQ(b.erase_probability, 1.0);
  EXPECT_FALSE(parse_augmentation("none").any());
  EXPECT_FALSE(parse_augmentation("").any());
  EXPECT_TRUE(parse_augmentation("flip").any());
}

TEST(Augmentation, TextErrorsNameTheItemAndTheRange) {
  const std::string grammar =
      "; the items are crop:P (padding >= 1), flip and erase:p (p in [0, 1]), such as crop:4,flip,erase:0.5";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"flp", "unknown augmentation \"flp\" (did you mean flip?)" + grammar},
      {"crop:4,erse:0.5", "unknown augmentation \"erse\" in \"crop:4,erse:0.5\" (did you mean erase?)" + grammar},
      {"rotate:10", "unknown augmentation \"rotate\"" + grammar},
      {"flip,,crop:2", "has an empty item: \"flip,,crop:2\"" + grammar},
      {"flip,", "has an empty item: \"flip,\"" + grammar},
      {"flip,flip", "names flip twice: \"flip,flip\""},
      {"flip:0.3", "flip takes no value (it mirrors half the samples), not \"flip:0.3\""},
      {"crop", "crop needs its padding, a whole number >= 1 such as crop:4, not \"crop\""},
      {"crop:0", "crop needs its padding, a whole number >= 1 such as crop:4, not \"crop:0\""},
      {"crop:2.5", "crop needs its padding, a whole number >= 1 such as crop:4, not \"crop:2.5\""},
      {"crop:-1", "crop needs its padding, a whole number >= 1 such as crop:4, not \"crop:-1\""},
      {"erase", "erase needs its probability, a number in [0, 1] such as erase:0.5, not \"erase\""},
      {"erase:1.5", "erase needs its probability, a number in [0, 1] such as erase:0.5, not \"erase:1.5\""},
      {"erase:nan", "erase needs its probability, a number in [0, 1] such as erase:0.5, not \"erase:nan\""},
      {"erase:-0.1", "erase needs its probability, a number in [0, 1] such as erase:0.5, not \"erase:-0.1\""},
  };
  for (const auto& c : cases)
    EXPECT_EQ(error_of([&] { (void)parse_augmentation(c.first); }), c.second) << c.first;
}

TEST(Augmentation, NeedsImagesLargeEnoughForIt) {
  const auto problem = [](const std::string& text, const std::vector<int64_t>& shape) {
    return error_of([&] { check_augmentation(parse_augmentation(text), shape); });
  };
  EXPECT_EQ(problem("flip", {784}), "needs image samples [C, H, W], not samples of shape [784]");
  EXPECT_EQ(problem("erase:0.5", {2, 3, 4, 5}), "needs image samples [C, H, W], not samples of shape [2, 3, 4, 5]");
  EXPECT_EQ(problem("flip", {1, 5, 1}), "flip needs images at least 2 pixels wide, not samples of shape [1, 5, 1]");
  EXPECT_EQ(problem("crop:1", {1, 1, 5}), "crop needs images at least 2 pixels high and wide, not samples of shape [1, 1, 5]");
  EXPECT_EQ(problem("crop:28", {1, 28, 32}),
            "crop:28: the padding must be in [1, 27], below the images' height and width, for samples of shape "
            "[1, 28, 32]");
  EXPECT_NO_THROW(check_augmentation(parse_augmentation("crop:27,flip,erase:1"), std::vector<int64_t>{3, 28, 28}));
  EXPECT_NO_THROW(check_augmentation(parse_augmentation("none"), std::vector<int64_t>{784}));  // nothing to do
}

TEST(Augmentation, FlipMirrorsEveryRowOfHalfTheSamples) {
  const std::vector<int64_t> shape = {2, 3, 5};
  const std::vector<float> x = ramp(2, 3, 5);
  std::vector<float> mirror(x.size());
  for (int64_t row = 0; row < 6; ++row)
    for (int64_t col = 0; col < 5; ++col) mirror[row * 5 + col] = x[row * 5 + 4 - col];
  const int n = 2000;
  int mirrored = 0;
  for (int i = 0; i < n; ++i) {
    const std::vector<float> y = augmented({.flip = true}, shape, x, i);
    ASSERT_TRUE(y == x || y == mirror) << "sample " << i;
    mirrored += y == mirror;
  }
  // Binomial(2000, 1/2): standard deviation 22.4; 4 of them allow 90.
  EXPECT_NEAR(mirrored, n / 2, 90);
}

// The shift (dy, dx) such that y(r, c) = x(r + dy, c + dx), or 0 outside x, if there is one with |dy|, |dx| < 6.
std::optional<std::pair<int64_t, int64_t>> window_shift(const std::vector<float>& x, const std::vector<float>& y,
                                                        int64_t c, int64_t h, int64_t w) {
  for (int64_t dy = -5; dy <= 5; ++dy)
    for (int64_t dx = -5; dx <= 5; ++dx) {
      bool same = true;
      for (int64_t ch = 0; ch < c && same; ++ch)
        for (int64_t r = 0; r < h && same; ++r)
          for (int64_t col = 0; col < w && same; ++col) {
            const int64_t sr = r + dy, sc = col + dx;
            const float expected = sr >= 0 && sr < h && sc >= 0 && sc < w ? x[(ch * h + sr) * w + sc] : 0.0f;
            same = y[(ch * h + r) * w + col] == expected;
          }
      if (same) return std::pair{dy, dx};
    }
  return std::nullopt;
}

TEST(Augmentation, CropIsAWindowShiftedByAtMostThePaddingWithZerosOutside) {
  const int64_t c = 2, h = 6, w = 7, padding = 2;
  const std::vector<float> x = ramp(c, h, w);
  std::set<std::pair<int64_t, int64_t>> shifts;
  for (int i = 0; i < 2000; ++i) {
    const auto shift = window_shift(x, augmented({.crop_padding = padding}, {c, h, w}, x, i), c, h, w);
    ASSERT_TRUE(shift) << "sample " << i << " is not a shifted window with zero fill";
    EXPECT_LE(std::abs(shift->first), padding);
    EXPECT_LE(std::abs(shift->second), padding);
    shifts.insert(*shift);
  }
  // Each of the 25 shifts has chance 1/25 per sample: that one is missing from 2000 has chance 25·(24/25)^2000.
  EXPECT_EQ(shifts.size(), 25u);
}

// The rectangle of zeros in y, [top, top + h) × [left, left + w), when y is x with one such rectangle zeroed
// in every channel (height 0: nothing erased); nothing when y is anything else.
struct Box {
  int64_t top = 0, left = 0, h = 0, w = 0;
};
std::optional<Box> erased_box(const std::vector<float>& x, const std::vector<float>& y, int64_t c, int64_t h,
                              int64_t w) {
  Box b{.top = h, .left = w};
  int64_t bottom = -1, right = -1;
  for (int64_t r = 0; r < h; ++r)
    for (int64_t col = 0; col < w; ++col)
      if (y[r * w + col] == 0) {
        b.top = std::min(b.top, r), b.left = std::min(b.left, col);
        bottom = std::max(bottom, r), right = std::max(right, col);
      }
  if (bottom < 0) return x == y ? std::optional(Box{}) : std::nullopt;
  b.h = bottom - b.top + 1, b.w = right - b.left + 1;
  for (int64_t ch = 0; ch < c; ++ch)
    for (int64_t r = 0; r < h; ++r)
      for (int64_t col = 0; col < w; ++col) {
        const bool inside = r >= b.top && r < b.top + b.h && col >= b.left && col < b.left + b.w;
        const std::size_t i = static_cast<std::size_t>((ch * h + r) * w + col);
        if (y[i] != (inside ? 0.0f : x[i])) return std::nullopt;
      }
  return b;
}

TEST(Augmentation, ErasingZeroesOneRectangleOfTheDrawnAreaAndAspect) {
  const int64_t c = 2, h = 28, w = 28;
  const std::vector<float> x = ramp(c, h, w);
  double min_area = 1, max_area = 0, min_aspect = 100, max_aspect = 0;
  for (int i = 0; i < 2000; ++i) {
    const auto box = erased_box(x, augmented({.erase_probability = 1}, {c, h, w}, x, i), c, h, w);
    ASSERT_TRUE(box) << "sample " << i << " is not x with one rectangle zeroed in every channel";
    ASSERT_GT(box->h, 0) << "sample " << i << ": a 28×28 image fits the first draw nearly always";
    EXPECT_LT(box->h, h);
    EXPECT_LT(box->w, w);
    // h = round(√(s·H·W·r)) and w = round(√(s·H·W/r)) for s in [0.02, 0.33] and r in [0.3, 3.3]: each side is
    // within 0.5 of its real value, so these bounds hold for every rounding.
    const double bh = static_cast<double>(box->h), bw = static_cast<double>(box->w), area = h * w;
    EXPECT_LE((bh - 0.5) * (bw - 0.5), 0.33 * area) << bh << "×" << bw;
    EXPECT_GE((bh + 0.5) * (bw + 0.5), 0.02 * area) << bh << "×" << bw;
    EXPECT_LE((bh - 0.5) / (bw + 0.5), 3.3) << bh << "×" << bw;
    EXPECT_GE((bh + 0.5) / (bw - 0.5), 0.3) << bh << "×" << bw;
    min_area = std::min(min_area, bh * bw / area), max_area = std::max(max_area, bh * bw / area);
    min_aspect = std::min(min_aspect, bh / bw), max_aspect = std::max(max_aspect, bh / bw);
  }
  // The draws span the ranges: s < 0.04 has chance 0.02/0.31 per sample, r < 0.4 and r > 2.5 about 0.12 each.
  EXPECT_LT(min_area, 0.045);
  EXPECT_GT(max_area, 0.3);
  EXPECT_LT(min_aspect, 0.45);
  EXPECT_GT(max_aspect, 2.2);
}

// The share of n samples that erasing changed.
double erased_share(double p, int64_t h, int64_t w, int n) {
  const std::vector<float> x = ramp(1, h, w);
  int erased = 0;
  for (int i = 0; i < n; ++i) erased += augmented({.erase_probability = p}, {1, h, w}, x, i) != x;
  return static_cast<double>(erased) / n;
}

TEST(Augmentation, ErasingHappensWithItsProbability) {
  // Binomial(4000, 0.3): standard deviation 0.0072 of the share; 4 of them allow 0.03.
  EXPECT_NEAR(erased_share(0.3, 28, 28, 4000), 0.3, 0.03);
  EXPECT_EQ(erased_share(0, 28, 28, 500), 0.0);
  EXPECT_EQ(erased_share(1, 28, 28, 500), 1.0);
}

TEST(Augmentation, ErasingTriesTenRectanglesBeforeGivingUp) {
  // In a 3×40 image one draw fits (h < 3) with chance q = 0.1487 (a Monte Carlo of 400 000 draws of
  // torchvision's get_params), so ten draws erase 1 − (1 − q)^10 = 0.800 of the samples, where one would
  // erase 0.149 and a hundred all. Binomial(4000, 0.8): standard deviation 0.0063; 4 of them allow 0.025,
  // plus 0.002 for q's own error.
  EXPECT_NEAR(erased_share(1, 3, 40, 4000), 0.800, 0.027);
}

TEST(Augmentation, DrawsDependOnSeedEpochAndIndexOnly) {
  const Augmentation a = parse_augmentation("crop:3,flip,erase:0.5");
  const std::vector<int64_t> shape = {3, 12, 12};
  const std::vector<float> x = ramp(3, 12, 12);
  int other_epoch = 0, other_seed = 0, other_index = 0;
  for (int i = 0; i < 100; ++i) {
    const std::vector<float> y = augmented(a, shape, x, i, 2, 7);
    EXPECT_EQ(augmented(a, shape, x, i, 2, 7), y);
    other_epoch += augmented(a, shape, x, i, 3, 7) != y;
    other_seed += augmented(a, shape, x, i, 2, 8) != y;
    other_index += augmented(a, shape, x, i + 1, 2, 7) != y;
  }
  // Two draws agree on crop (1/49), flip (1/2) and erasing (1/4 that neither erases) with chance 1/392.
  EXPECT_GE(other_epoch, 95);
  EXPECT_GE(other_seed, 95);
  EXPECT_GE(other_index, 95);
}

}  // namespace
}  // namespace nabla::data
