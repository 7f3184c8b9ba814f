// Class selection and per-class sampling: the data side of fine-tuning.
#include <nabla/data/class_selection.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include <nabla/data/split.h>
#include <nabla/io/printable.h>

#include "split_mix64.h"

namespace nabla::data {
namespace {

std::string class_text(const LabeledData& data, int64_t c) {
  std::string text = std::to_string(c);
  if (static_cast<std::size_t>(c) < data.class_names.size() && data.class_names[static_cast<std::size_t>(c)] != text)
    text += " (\"" + io::printable(data.class_names[static_cast<std::size_t>(c)]) + "\")";
  return text;
}

}  // namespace

std::vector<int64_t> parse_class_list(const std::string& text) {
  std::vector<int64_t> classes;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    int64_t c = -1;
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), c);
    if (item.empty() || error != std::errc() || end != item.data() + item.size() || c < 0)
      throw std::invalid_argument("must be a comma-separated list of class indices >= 0 such as 5,6,7, not \"" +
                                  io::printable(text) + "\" (\"" + io::printable(item) + "\" is not one)");
    if (std::find(classes.begin(), classes.end(), c) != classes.end())
      throw std::invalid_argument("lists class " + std::to_string(c) + " twice: \"" + io::printable(text) + "\"");
    classes.push_back(c);
    if (comma == text.size()) break;
    start = comma + 1;
  }
  if (classes.size() < 2)
    throw std::invalid_argument("must list at least two classes (training needs two), not \"" +
                                io::printable(text) + "\"");
  return classes;
}

LabeledData select_classes(const LabeledData& data, std::span<const int64_t> classes) {
  std::vector<int64_t> new_label(static_cast<std::size_t>(data.num_classes), -1);
  for (std::size_t i = 0; i < classes.size(); ++i) {
    if (classes[i] < 0 || classes[i] >= data.num_classes)
      throw std::invalid_argument("class " + std::to_string(classes[i]) + " is out of range: the data has " +
                                  std::to_string(data.num_classes) + " classes, 0 to " +
                                  std::to_string(data.num_classes - 1));
    new_label[static_cast<std::size_t>(classes[i])] = static_cast<int64_t>(i);
  }
  std::vector<int64_t> kept;
  for (int64_t i = 0; i < data.size(); ++i)
    if (new_label[static_cast<std::size_t>(data.labels[static_cast<std::size_t>(i)])] >= 0) kept.push_back(i);
  LabeledData out = subset(data, kept);
  for (int64_t& label : out.labels) label = new_label[static_cast<std::size_t>(label)];
  out.num_classes = static_cast<int64_t>(classes.size());
  out.class_names.clear();
  for (const int64_t c : classes)
    out.class_names.push_back(static_cast<std::size_t>(c) < data.class_names.size()
                                  ? data.class_names[static_cast<std::size_t>(c)]
                                  : std::to_string(c));
  return out;
}

LabeledData sample_per_class(const LabeledData& data, int64_t k, uint64_t seed) {
  if (k < 1) throw std::invalid_argument("must be a whole number >= 1, not " + std::to_string(k));
  std::vector<std::vector<int64_t>> members(static_cast<std::size_t>(data.num_classes));
  for (int64_t i = 0; i < data.size(); ++i)
    members[static_cast<std::size_t>(data.labels[static_cast<std::size_t>(i)])].push_back(i);
  detail::SplitMix64 rng(seed);
  std::vector<int64_t> kept;
  for (int64_t c = 0; c < data.num_classes; ++c) {
    std::vector<int64_t>& m = members[static_cast<std::size_t>(c)];
    if (static_cast<int64_t>(m.size()) < k)
      throw std::invalid_argument("class " + class_text(data, c) + " has " + std::to_string(m.size()) +
                                  " training samples, fewer than " + std::to_string(k) + "; choose at most " +
                                  std::to_string(m.size()));
    // The first k places of a partial Fisher-Yates shuffle: a uniform draw of k without replacement.
    for (int64_t i = 0; i < k; ++i) {
      const auto j = i + static_cast<int64_t>(rng.below(static_cast<uint64_t>(static_cast<int64_t>(m.size()) - i)));
      std::swap(m[static_cast<std::size_t>(i)], m[static_cast<std::size_t>(j)]);
    }
    kept.insert(kept.end(), m.begin(), m.begin() + k);
  }
  std::sort(kept.begin(), kept.end());
  return subset(data, kept);
}

}  // namespace nabla::data
