// Reading an augmentation from its text ("crop:4,flip,erase:0.5") and checking it against a sample shape.
#include <algorithm>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nabla/data/augmentation.h>
#include <nabla/io/closest_name.h>
#include <nabla/io/printable.h>
#include <nabla/tensor/shape.h>

namespace nabla::data {
namespace {

const std::string kGrammar = "the items are crop:P (padding >= 1), flip and erase:p (p in [0, 1]), such as "
                             "crop:4,flip,erase:0.5";

std::string quoted(const std::string& text) { return "\"" + io::printable(text) + "\""; }

std::string trimmed(const std::string& s) {
  const std::size_t begin = s.find_first_not_of(' ');
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(' ') - begin + 1);
}

// The whole of text as a T, or nothing.
template <class T>
std::optional<T> number(const std::string& text) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// One item, name[:value], written into a; seen holds the names read so far.
void read_item(const std::string& item, const std::string& text, Augmentation& a, std::vector<std::string>& seen) {
  const std::size_t colon = item.find(':');
  const std::string name = item.substr(0, colon);
  const std::optional<std::string> value =
      colon == std::string::npos ? std::nullopt : std::optional(item.substr(colon + 1));
  static const std::vector<std::string> names = {"crop", "flip", "erase"};
  if (std::find(names.begin(), names.end(), name) == names.end())
    throw std::invalid_argument("unknown augmentation " + quoted(name) + (item == text ? "" : " in " + quoted(text)) +
                                io::did_you_mean(name, names) + "; " + kGrammar);
  if (std::find(seen.begin(), seen.end(), name) != seen.end())
    throw std::invalid_argument("names " + name + " twice: " + quoted(text));
  seen.push_back(name);
  if (name == "flip") {
    if (value) throw std::invalid_argument("flip takes no value (it mirrors half the samples), not " + quoted(item));
    a.flip = true;
  } else if (name == "crop") {
    const auto p = value ? number<int64_t>(*value) : std::nullopt;
    if (!p || *p < 1)
      throw std::invalid_argument("crop needs its padding, a whole number >= 1 such as crop:4, not " + quoted(item));
    a.crop_padding = *p;
  } else {
    const auto p = value ? number<double>(*value) : std::nullopt;
    if (!p || !(*p >= 0 && *p <= 1))
      throw std::invalid_argument("erase needs its probability, a number in [0, 1] such as erase:0.5, not " +
                                  quoted(item));
    a.erase_probability = *p;
  }
}

}  // namespace

Augmentation parse_augmentation(const std::string& text) {
  Augmentation a;
  if (trimmed(text).empty() || trimmed(text) == "none") return a;
  std::vector<std::string> seen;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = trimmed(text.substr(start, comma - start));
    if (item.empty()) throw std::invalid_argument("has an empty item: " + quoted(text) + "; " + kGrammar);
    read_item(item, text, a, seen);
    if (comma == text.size()) return a;
    start = comma + 1;
  }
}

void check_augmentation(const Augmentation& a, std::span<const int64_t> sample_shape) {
  if (!a.any()) return;
  const Shape shape(sample_shape.begin(), sample_shape.end());
  if (shape.size() != 3)
    throw std::invalid_argument("needs image samples [C, H, W], not samples of shape " + shape_str(shape));
  const int64_t h = shape[1], w = shape[2];
  if (a.flip && w < 2)
    throw std::invalid_argument("flip needs images at least 2 pixels wide, not samples of shape " + shape_str(shape));
  if (a.crop_padding > 0 && std::min(h, w) < 2)
    throw std::invalid_argument("crop needs images at least 2 pixels high and wide, not samples of shape " +
                                shape_str(shape));
  if (a.crop_padding > 0 && (a.crop_padding >= h || a.crop_padding >= w))
    throw std::invalid_argument("crop:" + std::to_string(a.crop_padding) + ": the padding must be in [1, " +
                                std::to_string(std::min(h, w) - 1) + "], below the images' height and width, " +
                                "for samples of shape " + shape_str(shape));
}

}  // namespace nabla::data
