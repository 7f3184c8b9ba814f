// IDX reading: plain and gzipped files, every element type, and each corrupt variant's message and offset.
#include <gtest/gtest.h>
#include <nabla/data/idx_reader.h>

#include "data_test_files.h"

namespace nabla::data {
namespace {

using testing::contains;
using testing::error_of;
using testing::gzip;
using testing::idx_file;
using testing::TempDir;
using testing::write_file;

// Three 2x2 images and their labels, MNIST's layout.
const std::vector<uint8_t> kPixels = {0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0};
const std::vector<uint8_t> kImages = idx_file(0x08, {3, 2, 2}, kPixels);
const std::vector<uint8_t> kLabels = idx_file(0x08, {3}, {7, 0, 3});

TEST(IdxReader, LoadsImagePairScaledToUnitRange) {
  TempDir dir;
  write_file(dir / "images", kImages);
  write_file(dir / "labels", kLabels);
  LabeledData data = load_idx_pair(dir / "images", dir / "labels");
  EXPECT_EQ(data.size(), 3);
  EXPECT_EQ(data.sample_shape, (std::vector<int64_t>{1, 2, 2}));
  EXPECT_EQ(data.labels, (std::vector<int64_t>{7, 0, 3}));
  EXPECT_EQ(data.num_classes, 8);  // max label + 1 when not given
  ASSERT_EQ(data.features.size(), kPixels.size());
  for (size_t i = 0; i < kPixels.size(); ++i) EXPECT_EQ(data.features[i], static_cast<float>(kPixels[i]) / 255.0f);
  EXPECT_EQ(load_idx_pair(dir / "images", dir / "labels", 10).num_classes, 10);
}

TEST(IdxReader, GzippedFilesReadLikePlainOnesWhateverTheirName) {
  TempDir dir;
  write_file(dir / "images", kImages);
  write_file(dir / "labels", kLabels);
  write_file(dir / "images.gz", gzip(kImages));
  write_file(dir / "labels_without_suffix", gzip(kLabels));  // detected by magic bytes, not by name
  LabeledData plain = load_idx_pair(dir / "images", dir / "labels");
  LabeledData packed = load_idx_pair(dir / "images.gz", dir / "labels_without_suffix");
  EXPECT_EQ(packed.features, plain.features);
  EXPECT_EQ(packed.labels, plain.labels);
  EXPECT_TRUE(read_idx(dir / "images.gz").gzipped);
}

TEST(IdxReader, ConcatenatedGzipMembersAreOneFile) {
  TempDir dir;
  std::vector<uint8_t> head(kImages.begin(), kImages.begin() + 10), tail(kImages.begin() + 10, kImages.end());
  std::vector<uint8_t> both = gzip(head), second = gzip(tail);
  both.insert(both.end(), second.begin(), second.end());
  write_file(dir / "images.gz", both);
  EXPECT_EQ(std::get<std::vector<uint8_t>>(read_idx(dir / "images.gz").values), kPixels);
}

TEST(IdxReader, DecodesEveryElementTypeFromBigEndian) {
  TempDir dir;
  write_file(dir / "i8", idx_file(0x09, {2}, {0xFF, 0x05}));
  write_file(dir / "i16", idx_file(0x0B, {2}, {0xFF, 0xFE, 0x01, 0x00}));
  write_file(dir / "i32", idx_file(0x0C, {1, 1}, {0x00, 0x01, 0x00, 0x02}));
  write_file(dir / "f32", idx_file(0x0D, {1}, {0x3F, 0xC0, 0x00, 0x00}));                          // 1.5f
  write_file(dir / "f64", idx_file(0x0E, {1}, {0xC0, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}));  // -2.5
  EXPECT_EQ(std::get<std::vector<int8_t>>(read_idx(dir / "i8").values), (std::vector<int8_t>{-1, 5}));
  EXPECT_EQ(std::get<std::vector<int16_t>>(read_idx(dir / "i16").values), (std::vector<int16_t>{-2, 256}));
  IdxArray i32 = read_idx(dir / "i32");
  EXPECT_EQ(std::get<std::vector<int32_t>>(i32.values), (std::vector<int32_t>{65538}));
  EXPECT_EQ(i32.shape, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(i32.magic, 0x00000C02u);
  EXPECT_EQ(i32.data_offset, 12);
  EXPECT_EQ(std::get<std::vector<float>>(read_idx(dir / "f32").values), (std::vector<float>{1.5f}));
  EXPECT_EQ(std::get<std::vector<double>>(read_idx(dir / "f64").values), (std::vector<double>{-2.5}));
}

TEST(IdxReader, Int32LabelsAreAccepted) {
  TempDir dir;
  write_file(dir / "images", kImages);
  write_file(dir / "labels", idx_file(0x0C, {3}, {0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(load_idx_pair(dir / "images", dir / "labels").labels, (std::vector<int64_t>{9, 0, 1}));
}

// Writes bytes to dir/name and returns the message read_idx throws for them.
std::string read_error(const TempDir& dir, const std::string& name, const std::vector<uint8_t>& bytes) {
  write_file(dir / name, bytes);
  return error_of<std::runtime_error>([&] { (void)read_idx(dir / name); });
}

TEST(IdxReader, CorruptFilesNameTheFileAndOffset) {
  TempDir dir;
  std::string e = read_error(dir, "short", {0, 0, 8});
  EXPECT_TRUE(contains(e, (dir / "short").string() + ": byte 3: truncated"));
  e = read_error(dir, "magic", {1, 0, 8, 1, 0, 0, 0, 0});
  EXPECT_TRUE(contains(e, (dir / "magic").string() + ": byte 0: bad magic 0x01000801"));
  e = read_error(dir, "type", {0, 0, 0x0A, 1, 0, 0, 0, 0});
  EXPECT_TRUE(contains(e, "type: byte 0: bad magic 0x00000A01"));
  e = read_error(dir, "zero_dims", {0, 0, 8, 0});
  EXPECT_TRUE(contains(e, "zero_dims: byte 3: IDX file with 0 dimensions"));
  e = read_error(dir, "header", {0, 0, 8, 3, 0, 0, 0, 3, 0, 0});
  EXPECT_TRUE(contains(e, "header: byte 10: truncated: the header of 3 dimensions needs 16 bytes"));
  std::vector<uint8_t> cut(kImages.begin(), kImages.end() - 1);
  e = read_error(dir, "payload", cut);
  EXPECT_TRUE(
      contains(e, "payload: byte 27: truncated: dimensions 3x2x2 of uint8 need 12 data bytes, the file has 11"));
  std::vector<uint8_t> longer = kImages;
  longer.push_back(0);
  e = read_error(dir, "longer", longer);
  EXPECT_TRUE(contains(e, "longer: byte 28: 1 bytes after the end of the data declared by dimensions 3x2x2"));
  e = read_error(dir, "huge", idx_file(0x0E, {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, {}));
  EXPECT_TRUE(contains(e,
                       "huge: byte 16: truncated: dimensions 4294967295x4294967295x4294967295 of float64 "
                       "need more than 2^64 data bytes"));
  e = error_of<std::runtime_error>([&] { (void)read_idx(dir / "missing"); });
  EXPECT_TRUE(contains(e, (dir / "missing").string() + ": cannot open file"));
  e = error_of<std::runtime_error>([&] { (void)read_idx(dir.path()); });
  EXPECT_TRUE(contains(e, dir.path().string() + ": is a directory, not a file"));
}

TEST(IdxReader, CorruptGzipNamesTheCompressedOffset) {
  TempDir dir;
  std::vector<uint8_t> packed = gzip(kImages);
  std::vector<uint8_t> cut(packed.begin(), packed.begin() + 15);
  EXPECT_TRUE(contains(read_error(dir, "cut.gz", cut), "cut.gz: byte 15: gzip data ends early (truncated file)"));
  std::vector<uint8_t> bad = packed;
  bad[3] = 0xFF;  // reserved header flag bits: zlib refuses the stream at once
  std::string e = read_error(dir, "bad.gz", bad);
  EXPECT_TRUE(contains(e, (dir / "bad.gz").string() + ": byte "));
  EXPECT_TRUE(contains(e, "corrupt gzip data"));
  std::vector<uint8_t> trailing = packed;
  trailing.push_back(0);
  EXPECT_TRUE(contains(read_error(dir, "trailing.gz", trailing),
                       "trailing.gz: byte " + std::to_string(packed.size()) + ": unexpected data after the end"));
  std::vector<uint8_t> short_idx(kImages.begin(), kImages.end() - 2);
  EXPECT_TRUE(
      contains(read_error(dir, "short.gz", gzip(short_idx)), "short.gz: byte 26 of the decompressed data: truncated"));
}

TEST(IdxReader, GzipBombAfterTheDeclaredDataIsRejectedWithoutBeingHeld) {
  TempDir dir;
  constexpr uint64_t kZeros = uint64_t{128} << 20;  // about 600 KB once compressed
  const int64_t before = testing::peak_rss_bytes();
  EXPECT_TRUE(contains(read_error(dir, "bomb.gz", testing::gzip_with_zeros(kImages, kZeros)),
                       "bomb.gz: byte 28 of the decompressed data: more than 1048576 bytes after the end of the "
                       "data declared by dimensions 3x2x2 of uint8"));
  // The data is checked as it streams past: 128 MiB decompressed, a few MiB held at most.
  EXPECT_LT(testing::peak_rss_bytes() - before, int64_t{48} << 20);
}

TEST(IdxReader, DeclaredSizesAreNotTrustedBeforeTheDataArrives) {
  TempDir dir;
  // 2^32-1 x 2^32-1 uint8 declared, 1 MiB present: the reader keeps only what arrives.
  const std::vector<uint8_t> header = idx_file(0x08, {0xFFFFFFFF, 0xFFFFFFFF}, {});
  const int64_t before = testing::peak_rss_bytes();
  EXPECT_TRUE(contains(read_error(dir, "liar.gz", testing::gzip_with_zeros(header, 1 << 20)),
                       "liar.gz: byte 1048588 of the decompressed data: truncated: dimensions 4294967295x4294967295 "
                       "of uint8 need 18446744065119617025 data bytes, the file has 1048576"));
  EXPECT_LT(testing::peak_rss_bytes() - before, int64_t{64} << 20);
}

// The message load_idx_pair throws for these image and label files.
std::string pair_error(const TempDir& dir, const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels,
                       int64_t num_classes = 0) {
  write_file(dir / "img", images);
  write_file(dir / "lbl", labels);
  return error_of<std::runtime_error>([&] { (void)load_idx_pair(dir / "img", dir / "lbl", num_classes); });
}

TEST(IdxReader, PairErrorsNameTheFileAndOffset) {
  TempDir dir;
  std::string e = pair_error(dir, kLabels, kLabels);
  EXPECT_TRUE(contains(e, (dir / "img").string() + ": byte 0: magic 0x00000801 is not an image file"));
  e = pair_error(dir, kImages, kImages);
  EXPECT_TRUE(contains(e, (dir / "lbl").string() + ": byte 0: magic 0x00000803 is not a label file"));
  e = pair_error(dir, kImages, idx_file(0x0D, {3}, std::vector<uint8_t>(12, 0)));
  EXPECT_TRUE(contains(e, "lbl: byte 0: magic 0x00000D01 is not a label file"));
  e = pair_error(dir, kImages, idx_file(0x08, {2}, {1, 2}));
  EXPECT_TRUE(contains(e, "lbl: byte 4: 2 labels but " + (dir / "img").string() + " holds 3 images"));
  e = pair_error(dir, kImages, idx_file(0x08, {3}, {1, 2, 10}), 10);
  EXPECT_TRUE(contains(e, "lbl: byte 10: label 10 of sample 2 is outside [0, 10)"));
  e = pair_error(dir, kImages, idx_file(0x0B, {3}, {0, 1, 0xFF, 0xFF, 0, 2}));
  EXPECT_TRUE(contains(e, "lbl: byte 10: label -1 of sample 1 is negative"));
  e = pair_error(dir, kImages, gzip(idx_file(0x08, {3}, {1, 20, 2})), 10);
  EXPECT_TRUE(contains(e, "lbl: byte 9 of the decompressed data: label 20 of sample 1"));
  e = pair_error(dir, idx_file(0x08, {0, 0xFFFFFFFF, 0xFFFFFFFF}, {}), idx_file(0x08, {0}, {}));
  EXPECT_TRUE(contains(e, "img: byte 4: dimensions 0x4294967295x4294967295: an image file needs at least one image"));
  EXPECT_THROW((void)load_idx_pair(dir / "img", dir / "lbl", -1), std::invalid_argument);
}

}  // namespace
}  // namespace nabla::data
