// CIFAR-10 binary batches: whole 3073-byte records checked, then unpacked into planar floats.
#include <nabla/data/cifar10.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "file_bytes.h"

namespace nabla::data {
namespace {

namespace fs = std::filesystem;

constexpr const char* kExpected =
    "a CIFAR-10 folder (cifar-10-batches-bin) holds data_batch_1.bin ... data_batch_5.bin and test_batch.bin";
constexpr const char* kRecordLayout =
    "3073-byte records (a label byte 0-9, then 1024 red, 1024 green, 1024 blue bytes)";

// The digits N of a file named data_batch_<N>.bin; empty for any other name.
std::string batch_number(const fs::path& file) {
  const std::string name = file.filename().string();
  const std::string prefix = "data_batch_", suffix = ".bin";
  if (name.size() <= prefix.size() + suffix.size() || !name.starts_with(prefix) || !name.ends_with(suffix)) return {};
  std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  if (!std::all_of(digits.begin(), digits.end(), [](unsigned char ch) { return ch >= '0' && ch <= '9'; })) return {};
  return digits;
}

// dir's data batches in increasing number: shorter digit strings first, then in text order.
std::vector<fs::path> data_batches(const fs::path& dir) {
  std::vector<std::pair<std::string, fs::path>> found;
  for (const auto& entry : fs::directory_iterator(dir))
    if (std::string n = batch_number(entry.path()); !n.empty() && entry.is_regular_file())
      found.emplace_back(std::move(n), entry.path());
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::pair(a.first.size(), a.first) < std::pair(b.first.size(), b.first);
  });
  std::vector<fs::path> out;
  for (auto& [number, path] : found) out.push_back(std::move(path));
  return out;
}

// Appends the records of one batch file to out.
void append_batch(const fs::path& path, LabeledData& out) {
  const detail::FileBytes file = detail::read_file_bytes(path);
  const std::vector<uint8_t>& bytes = file.bytes;
  const std::string size = std::to_string(bytes.size()) + (file.gzipped ? " bytes decompressed" : " bytes");
  if (bytes.empty()) throw std::runtime_error(path.string() + ": empty file; a CIFAR-10 batch holds " + kRecordLayout);
  if (const uint64_t partial = bytes.size() % kCifar10RecordBytes; partial != 0)
    throw std::runtime_error(detail::at_byte(
        path, bytes.size() - partial, file.gzipped,
        "incomplete record: " + std::to_string(partial) + " of its " + std::to_string(kCifar10RecordBytes) +
            " bytes (the file has " + size + ", not a multiple of " + std::to_string(kCifar10RecordBytes) +
            "; a CIFAR-10 batch holds " + kRecordLayout + ")"));
  const uint64_t records = bytes.size() / kCifar10RecordBytes;
  out.features.reserve(out.features.size() + records * (kCifar10RecordBytes - 1));
  for (uint64_t r = 0; r < records; ++r) {
    const uint8_t* record = bytes.data() + r * kCifar10RecordBytes;
    if (record[0] > 9)
      throw std::runtime_error(detail::at_byte(path, r * kCifar10RecordBytes, file.gzipped,
                                               "record " + std::to_string(r + 1) + " of " + std::to_string(records) +
                                                   " has label " + std::to_string(record[0]) +
                                                   "; CIFAR-10 labels are 0-9"));
    out.labels.push_back(record[0]);
    // The file's planes are already the {3,32,32} layout.
    for (uint64_t i = 1; i < kCifar10RecordBytes; ++i) out.features.push_back(static_cast<float>(record[i]) / 255.0f);
  }
}

LabeledData empty_set() {
  LabeledData out;
  out.sample_shape = {3, 32, 32};
  out.num_classes = 10;
  out.class_names = cifar10_class_names();
  return out;
}

// The names in dir/batches.meta.txt, one per line, or CIFAR-10's own when the file is absent.
std::vector<std::string> class_names(const fs::path& dir) {
  const fs::path path = dir / "batches.meta.txt";
  if (!fs::exists(path)) return cifar10_class_names();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    names.push_back(line);
  }
  while (!names.empty() && names.back().empty()) names.pop_back();
  const auto blank = std::find(names.begin(), names.end(), std::string());
  if (blank != names.end())
    throw std::runtime_error(detail::at_line(path, blank - names.begin() + 1,
                                             "blank line; the file holds the 10 class names, one per line"));
  if (names.size() != 10)
    throw std::runtime_error(path.string() + ": " + std::to_string(names.size()) +
                             " class names; the file holds CIFAR-10's 10, one per line");
  return names;
}

}  // namespace

const std::vector<std::string>& cifar10_class_names() {
  static const std::vector<std::string> names = {"airplane", "automobile", "bird",  "cat",  "deer",
                                                 "dog",      "frog",       "horse", "ship", "truck"};
  return names;
}

bool is_cifar10_folder(const fs::path& dir) {
  if (fs::exists(dir / "test_batch.bin")) return true;
  for (const auto& entry : fs::directory_iterator(dir))
    if (!batch_number(entry.path()).empty()) return true;
  return false;
}

LabeledData read_cifar10_batch(const fs::path& path) {
  LabeledData out = empty_set();
  append_batch(path, out);
  return out;
}

TrainTestData load_cifar10(const fs::path& dir) {
  const std::vector<fs::path> batches = data_batches(dir);
  if (batches.empty())
    throw std::runtime_error(dir.string() + ": no training batch data_batch_<N>.bin; " + kExpected);
  const fs::path test_path = dir / "test_batch.bin";
  if (!fs::is_regular_file(test_path))
    throw std::runtime_error(dir.string() + ": no test_batch.bin; " + kExpected);
  TrainTestData out{empty_set(), empty_set()};
  out.train.class_names = out.test.class_names = class_names(dir);
  for (const fs::path& batch : batches) append_batch(batch, out.train);
  append_batch(test_path, out.test);
  return out;
}

}  // namespace nabla::data
