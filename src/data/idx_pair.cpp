// load_idx_pair: MNIST-style image and label IDX files joined into one LabeledData.
#include <nabla/data/idx_reader.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <type_traits>

#include "file_bytes.h"

namespace nabla::data {
namespace {

bool is_integer_array(const IdxArray& a) {
  return std::visit([](const auto& v) { return std::is_integral_v<typename std::decay_t<decltype(v)>::value_type>; },
                    a.values);
}

// Labels widened to int64, each checked to lie in [0, num_classes) (only >= 0 when num_classes is 0).
std::vector<int64_t> checked_labels(const IdxArray& a, const std::filesystem::path& path, int64_t num_classes) {
  std::vector<int64_t> out;
  std::visit(
      [&](const auto& values) {
        using T = typename std::decay_t<decltype(values)>::value_type;
        if constexpr (std::is_integral_v<T>) {
          out.assign(values.begin(), values.end());
          for (size_t i = 0; i < out.size(); ++i) {
            if (out[i] >= 0 && (num_classes == 0 || out[i] < num_classes)) continue;
            std::string range = num_classes == 0 ? "negative" : "outside [0, " + std::to_string(num_classes) + ")";
            throw std::runtime_error(detail::at_byte(
                path, a.data_offset + i * sizeof(T), a.gzipped,
                "label " + std::to_string(out[i]) + " of sample " + std::to_string(i) + " is " + range));
          }
        }
      },
      a.values);
  return out;
}

}  // namespace

LabeledData load_idx_pair(const std::filesystem::path& images_path, const std::filesystem::path& labels_path,
                          int64_t num_classes) {
  if (num_classes < 0)
    throw std::invalid_argument("load_idx_pair: num_classes must be >= 0, got " + std::to_string(num_classes));
  IdxArray images = read_idx(images_path);
  const auto* pixels = std::get_if<std::vector<uint8_t>>(&images.values);
  if (pixels == nullptr || images.shape.size() != 3)
    throw std::runtime_error(detail::at_byte(
        images_path, 0, images.gzipped,
        "magic " + detail::hex32(images.magic) + " is not an image file: expected 0x00000803 (uint8 [N,H,W])"));
  // Downstream code multiplies the sample sizes: with no images they could be any size, even overflow.
  if (images.shape[0] == 0 || images.shape[1] == 0 || images.shape[2] == 0)
    throw std::runtime_error(detail::at_byte(images_path, 4, images.gzipped,
                                             "dimensions " + std::to_string(images.shape[0]) + "x" +
                                                 std::to_string(images.shape[1]) + "x" +
                                                 std::to_string(images.shape[2]) +
                                                 ": an image file needs at least one image of at least one pixel"));
  IdxArray labels = read_idx(labels_path);
  if (labels.shape.size() != 1 || !is_integer_array(labels))
    throw std::runtime_error(detail::at_byte(labels_path, 0, labels.gzipped,
                                             "magic " + detail::hex32(labels.magic) +
                                                 " is not a label file: expected 0x00000801 (uint8 [N]) or "
                                                 "another integer type of one dimension"));
  if (labels.shape[0] != images.shape[0])
    throw std::runtime_error(detail::at_byte(labels_path, 4, labels.gzipped,
                                             std::to_string(labels.shape[0]) + " labels but " + images_path.string() +
                                                 " holds " + std::to_string(images.shape[0]) + " images"));
  LabeledData out;
  out.labels = checked_labels(labels, labels_path, num_classes);
  out.sample_shape = {1, images.shape[1], images.shape[2]};
  // p / 255.0f exactly as torchvision's ToTensor computes it, through a 256-entry table.
  std::array<float, 256> scale{};
  for (int p = 0; p < 256; ++p) scale[p] = static_cast<float>(p) / 255.0f;
  out.features.resize(pixels->size());
  for (size_t i = 0; i < pixels->size(); ++i) out.features[i] = scale[(*pixels)[i]];
  out.num_classes = num_classes;
  if (num_classes == 0)
    for (int64_t label : out.labels) out.num_classes = std::max(out.num_classes, label + 1);
  return out;
}

}  // namespace nabla::data
