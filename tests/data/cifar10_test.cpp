// CIFAR-10 binary batches written here (3 records each): pixels, labels, order, class names, and each error.
#include <gtest/gtest.h>
#include <nabla/data/cifar10.h>

#include "data_test_files.h"

namespace nabla::data {
namespace {

using testing::contains;
using testing::error_of;
using testing::TempDir;

// One record: the label, then pixel i of plane c holding (seed + 7c + i) mod 256.
std::vector<uint8_t> record(uint8_t label, uint8_t seed) {
  std::vector<uint8_t> out = {label};
  for (int c = 0; c < 3; ++c)
    for (int i = 0; i < 1024; ++i) out.push_back(static_cast<uint8_t>(seed + 7 * c + i));
  return out;
}

// A batch of records with the given labels; record r's pixels are seeded by first_seed + r.
std::vector<uint8_t> batch(const std::vector<uint8_t>& labels, uint8_t first_seed) {
  std::vector<uint8_t> out;
  for (size_t r = 0; r < labels.size(); ++r) {
    const std::vector<uint8_t> one = record(labels[r], static_cast<uint8_t>(first_seed + r));
    out.insert(out.end(), one.begin(), one.end());
  }
  return out;
}

// A CIFAR-10 folder of three data batches (written out of order) and a test batch, 3 records each.
void write_folder(const TempDir& dir) {
  testing::write_file(dir / "data_batch_2.bin", batch({3, 4, 5}, 20));
  testing::write_file(dir / "data_batch_1.bin", batch({0, 1, 2}, 10));
  testing::write_file(dir / "data_batch_10.bin", batch({9, 9, 0}, 30));
  testing::write_file(dir / "test_batch.bin", batch({8, 7, 6}, 40));
  testing::write_text(dir / "readme.html", "not a batch");
}

std::string load_error(const TempDir& dir) {
  return error_of<std::runtime_error>([&] { (void)load_cifar10(dir.path()); });
}

TEST(Cifar10, PixelsArePlanesScaledTo01) {
  TempDir dir;
  testing::write_file(dir / "b.bin", batch({7, 2}, 100));
  const LabeledData data = read_cifar10_batch(dir / "b.bin");
  EXPECT_EQ(data.sample_shape, (std::vector<int64_t>{3, 32, 32}));
  EXPECT_EQ(data.labels, (std::vector<int64_t>{7, 2}));
  EXPECT_EQ(data.num_classes, 10);
  EXPECT_EQ(data.class_names, cifar10_class_names());
  ASSERT_EQ(data.features.size(), 2u * 3072);
  // Sample 1, green plane (c = 1), row 2, column 5: pixel 2*32+5 = 69 of seed 101: 101 + 7 + 69 = 177.
  EXPECT_EQ(data.features[3072 + 1024 + 69], 177.0f / 255.0f);
  for (size_t s = 0; s < 2; ++s)
    for (size_t c = 0; c < 3; ++c)
      for (size_t i = 0; i < 1024; i += 97) {
        const auto byte = static_cast<uint8_t>(100 + s + 7 * c + i);
        EXPECT_EQ(data.features[s * 3072 + c * 1024 + i], static_cast<float>(byte) / 255.0f)
            << "sample " << s << " plane " << c << " pixel " << i;
      }
}

TEST(Cifar10, FolderReadsDataBatchesInNumberOrderAndTheTestBatch) {
  TempDir dir;
  write_folder(dir);
  EXPECT_TRUE(is_cifar10_folder(dir.path()));
  const TrainTestData data = load_cifar10(dir.path());
  EXPECT_EQ(data.train.labels, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 9, 9, 0}));
  EXPECT_EQ(data.test.labels, (std::vector<int64_t>{8, 7, 6}));
  // The first pixel of each training sample is its seed: batches 1, 2, 10 in that order.
  std::vector<float> first_pixels;
  for (size_t s = 0; s < 9; ++s) first_pixels.push_back(data.train.features[s * 3072] * 255.0f);
  EXPECT_EQ(first_pixels, (std::vector<float>{10, 11, 12, 20, 21, 22, 30, 31, 32}));
  EXPECT_EQ(data.test.features[2 * 3072] * 255.0f, 42.0f);
  EXPECT_EQ(data.train.class_names[0], "airplane");
  EXPECT_EQ(data.test.class_names[9], "truck");
}

TEST(Cifar10, ClassNamesComeFromBatchesMetaTxt) {
  TempDir dir;
  write_folder(dir);
  // As the official file: one name a line and blank lines at the end; a CR before a line feed is dropped.
  testing::write_text(dir / "batches.meta.txt", "a0\nb1\nc2\nd3\ne4\nf5\ng6\nh7\ni8\r\nj9\n\n\n");
  const TrainTestData data = load_cifar10(dir.path());
  const std::vector<std::string> names = {"a0", "b1", "c2", "d3", "e4", "f5", "g6", "h7", "i8", "j9"};
  EXPECT_EQ(data.train.class_names, names);
  EXPECT_EQ(data.test.class_names, names);
  testing::write_text(dir / "batches.meta.txt", "a0\nb1\n");
  EXPECT_EQ(load_error(dir),
            (dir / "batches.meta.txt").string() + ": 2 class names; the file holds CIFAR-10's 10, one per line");
  testing::write_text(dir / "batches.meta.txt", "a0\n\nc2\nd3\ne4\nf5\ng6\nh7\ni8\nj9\n");
  EXPECT_EQ(load_error(dir), (dir / "batches.meta.txt").string() +
                                 ":2: blank line; the file holds the 10 class names, one per line");
}

TEST(Cifar10, ASizeThatIsNotWholeRecordsNamesTheIncompleteRecord) {
  TempDir dir;
  std::vector<uint8_t> bytes = batch({1, 2, 3}, 0);
  bytes.resize(bytes.size() + 5, 0);  // 9224 bytes: a record of 5 bytes starts at 9219
  testing::write_file(dir / "short.bin", bytes);
  EXPECT_EQ(error_of<std::runtime_error>([&] { (void)read_cifar10_batch(dir / "short.bin"); }),
            (dir / "short.bin").string() +
                ": byte 9219: incomplete record: 5 of its 3073 bytes (the file has 9224 bytes, not a multiple of "
                "3073; a CIFAR-10 batch holds 3073-byte records (a label byte 0-9, then 1024 red, 1024 green, 1024 "
                "blue bytes))");
  // Gzipped, the size and offset count in the decompressed data.
  testing::write_file(dir / "short.bin.gz", testing::gzip(bytes));
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { (void)read_cifar10_batch(dir / "short.bin.gz"); }),
                       "short.bin.gz: byte 9219 of the decompressed data: incomplete record: 5 of its 3073 bytes "
                       "(the file has 9224 bytes decompressed"));
}

TEST(Cifar10, ALabelPastNineNamesTheRecordAndItsOffset) {
  TempDir dir;
  write_folder(dir);
  testing::write_file(dir / "data_batch_2.bin", batch({3, 4, 12}, 20));
  EXPECT_EQ(load_error(dir), (dir / "data_batch_2.bin").string() +
                                 ": byte 6146: record 3 of 3 has label 12; CIFAR-10 labels are 0-9");
}

TEST(Cifar10, EmptyAndMissingFilesAreNamed) {
  TempDir dir;
  write_folder(dir);
  testing::write_file(dir / "test_batch.bin", {});
  EXPECT_EQ(load_error(dir), (dir / "test_batch.bin").string() +
                                 ": empty file; a CIFAR-10 batch holds 3073-byte records (a label byte 0-9, then "
                                 "1024 red, 1024 green, 1024 blue bytes)");
  std::filesystem::remove(dir / "test_batch.bin");
  EXPECT_TRUE(is_cifar10_folder(dir.path()));
  EXPECT_EQ(load_error(dir), dir.path().string() +
                                 ": no test_batch.bin; a CIFAR-10 folder (cifar-10-batches-bin) holds "
                                 "data_batch_1.bin ... data_batch_5.bin and test_batch.bin");
  for (const char* name : {"data_batch_1.bin", "data_batch_2.bin", "data_batch_10.bin"})
    std::filesystem::remove(dir / name);
  EXPECT_FALSE(is_cifar10_folder(dir.path()));
  testing::write_file(dir / "test_batch.bin", batch({1}, 0));
  testing::write_file(dir / "data_batch_x.bin", batch({1}, 0));  // not data_batch_<N>.bin
  EXPECT_TRUE(is_cifar10_folder(dir.path()));
  EXPECT_EQ(load_error(dir), dir.path().string() +
                                 ": no training batch data_batch_<N>.bin; a CIFAR-10 folder (cifar-10-batches-bin) "
                                 "holds data_batch_1.bin ... data_batch_5.bin and test_batch.bin");
}

}  // namespace
}  // namespace nabla::data
