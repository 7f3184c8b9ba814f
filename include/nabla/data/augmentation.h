// Augmentation of image samples [C,H,W] for training: random crop with zero padding, horizontal flip and
// random erasing (torchvision's RandomCrop, RandomHorizontalFlip and RandomErasing), each sample's draws
// fixed by (seed, epoch, the sample's index in its dataset).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace nabla::data {

// What to do to each training sample, in this order whatever the order written:
//   crop:P   torchvision RandomCrop(size=(H, W), padding=P): the image padded by P zeros on every side and
//            an H×W window cut at a uniformly drawn offset, so shifted by -P..P rows and columns.
//   flip     RandomHorizontalFlip(p=0.5): the columns mirrored with probability 1/2.
//   erase:p  RandomErasing(p, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0): with probability p, a
//            rectangle of area s·H·W and aspect h/w = r (s uniform, log r uniform; up to 10 draws until it
//            fits inside the image, else nothing) set to 0 in every channel; 0 is the mean of
//            standardised data, black otherwise.
// The default (nothing on) leaves samples as they are.
struct Augmentation {
  int64_t crop_padding = 0;       // P >= 1; 0: no crop
  bool flip = false;
  double erase_probability = 0;  // p in [0, 1]; 0: no erasing

  [[nodiscard]] bool any() const { return crop_padding > 0 || flip || erase_probability > 0; }
};

// An Augmentation from its text: comma-separated items crop:P (a whole number >= 1), flip and erase:p (a
// number in [0, 1]), each at most once, such as "crop:4,flip,erase:0.5"; "" and "none" are nothing. Throws
// std::invalid_argument whose message is a phrase to follow the option's name ("augment: " + what()),
// naming the item and what is allowed, with the closest name for a misspelt one.
[[nodiscard]] Augmentation parse_augmentation(const std::string& text);

// Throws std::invalid_argument (a phrase, as above) when a samples of sample_shape cannot take a: any
// augmentation needs images [C,H,W]; flip needs W >= 2; crop:P needs P < H and P < W.
void check_augmentation(const Augmentation& a, std::span<const int64_t> sample_shape);

// dest = source augmented; both hold one sample of shape [C,H,W] that check_augmentation accepts. The
// draws depend only on (seed, epoch, index), the sample's index in its dataset: the same for any batch
// size, thread or process that assembles it. No allocation.
void augment_sample(const Augmentation& a, std::span<const int64_t> shape, std::span<const float> source,
                    std::span<float> dest, uint64_t seed, int64_t epoch, int64_t index);

}  // namespace nabla::data
