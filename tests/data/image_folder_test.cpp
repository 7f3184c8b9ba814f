// Image folders: tiny PNGs written here with libpng, read back as grey or RGB planes, and size errors.
#include <gtest/gtest.h>
#include <nabla/data/image_folder.h>
#include <png.h>
#include <zlib.h>

#include "data_test_files.h"
#include "png_writer.h"

namespace nabla::data {
namespace {

using testing::contains;
using testing::error_of;
using testing::TempDir;
using testing::write_png;

void append_be32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

// One PNG chunk: length, type, data and the CRC of type and data.
void append_chunk(std::vector<uint8_t>& out, const char* type, const std::vector<uint8_t>& data) {
  append_be32(out, static_cast<uint32_t>(data.size()));
  std::vector<uint8_t> body(type, type + 4);
  body.insert(body.end(), data.begin(), data.end());
  out.insert(out.end(), body.begin(), body.end());
  append_be32(out, static_cast<uint32_t>(crc32(0, body.data(), static_cast<uInt>(body.size()))));
}

// An 8-bit grey PNG written chunk by chunk, so that its header can promise more pixels than its data
// holds: IHDR of width x height, a private chunk of `pad` zero bytes that readers skip, and the
// zlib-compressed `rows` as its only IDAT.
std::vector<uint8_t> crafted_png(uint32_t width, uint32_t height, const std::vector<uint8_t>& rows, size_t pad = 0) {
  std::vector<uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  std::vector<uint8_t> ihdr;
  append_be32(ihdr, width);
  append_be32(ihdr, height);
  ihdr.insert(ihdr.end(), {8, 0, 0, 0, 0});  // bit depth 8, grey, deflate, adaptive filters, no interlace
  append_chunk(out, "IHDR", ihdr);
  if (pad > 0) append_chunk(out, "nbLa", std::vector<uint8_t>(pad, 0));
  std::vector<uint8_t> idat(compressBound(static_cast<uLong>(rows.size())));
  uLongf size = idat.size();
  if (compress(idat.data(), &size, rows.data(), static_cast<uLong>(rows.size())) != Z_OK)
    throw std::runtime_error("compress");
  idat.resize(size);
  append_chunk(out, "IDAT", idat);
  append_chunk(out, "IEND", {});
  return out;
}

TEST(ImageFolder, GreyImagesInSortedClassFolders) {
  TempDir dir;
  // Classes "cat" and "dog" (sorted), files read in name order; a non-PNG file is ignored.
  write_png(dir / "dog/b.png", 2, 1, PNG_FORMAT_GRAY, {0, 255});
  write_png(dir / "dog/a.PNG", 2, 1, PNG_FORMAT_GRAY, {51, 102});
  write_png(dir / "cat/z.png", 2, 1, PNG_FORMAT_GRAY, {255, 0});
  testing::write_text(dir / "dog/notes.txt", "not an image");
  LabeledData data = load_image_folder(dir.path());
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"cat", "dog"}));
  EXPECT_EQ(data.num_classes, 2);
  EXPECT_EQ(data.labels, (std::vector<int64_t>{0, 1, 1}));
  EXPECT_EQ(data.sample_shape, (std::vector<int64_t>{1, 1, 2}));
  EXPECT_EQ(data.features, (std::vector<float>{1, 0, 0.2f, 0.4f, 0, 1}));
}

TEST(ImageFolder, RgbImagesBecomePlanes) {
  TempDir dir;
  // Two pixels, (255, 0, 51) and (0, 102, 255), interleaved in the file, planar in the result.
  write_png(dir / "only/x.png", 2, 1, PNG_FORMAT_RGB, {255, 0, 51, 0, 102, 255});
  LabeledData data = load_image_folder(dir.path());
  EXPECT_EQ(data.sample_shape, (std::vector<int64_t>{3, 1, 2}));
  EXPECT_EQ(data.features, (std::vector<float>{1, 0, 0, 0.4f, 0.2f, 1}));
}

TEST(ImageFolder, ChannelOptionConvertsGreyToRgbAndAlphaToBlack) {
  TempDir dir;
  // Grey 51 fully opaque, and grey 255 with alpha 0 composited onto black.
  write_png(dir / "a/x.png", 2, 1, PNG_FORMAT_GA, {51, 255, 255, 0});
  LabeledData rgb = load_image_folder(dir.path(), {.channels = 3});
  EXPECT_EQ(rgb.sample_shape, (std::vector<int64_t>{3, 1, 2}));
  EXPECT_EQ(rgb.features, (std::vector<float>{0.2f, 0, 0.2f, 0, 0.2f, 0}));
  EXPECT_THROW((void)load_image_folder(dir.path(), {.channels = 2}), std::invalid_argument);
}

TEST(ImageFolder, ErrorsNameTheFile) {
  TempDir dir;
  write_png(dir / "a/first.png", 2, 2, PNG_FORMAT_GRAY, {0, 0, 0, 0});
  write_png(dir / "b/second.png", 3, 2, PNG_FORMAT_GRAY, {0, 0, 0, 0, 0, 0});
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { (void)load_image_folder(dir.path()); }),
                       (dir / "b/second.png").string() +
                           ": size 3x2 (width x height) differs from 2x2 of the first image " +
                           (dir / "a/first.png").string()));
  std::filesystem::remove(dir / "b/second.png");
  testing::write_text(dir / "b/broken.png", "not a png");
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { (void)load_image_folder(dir.path()); }),
                       (dir / "b/broken.png").string() + ": cannot read PNG"));
  std::filesystem::remove(dir / "b/broken.png");
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { (void)load_image_folder(dir.path()); }),
                       (dir / "b").string() + ": no PNG or JPEG files in this class folder"));
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { (void)load_image_folder(dir / "a/first.png"); }),
                       "first.png: not a directory"));
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { (void)load_image_folder(dir / "a"); }),
                       (dir / "a").string() + ": no class sub-folders"));
}

TEST(ImageFolder, APngPromisingMorePixelsThanItHoldsIsRejectedBeforeDecoding) {
  TempDir dir;
  // 20000 x 20000 declared (400 MB of grey pixels) in a file of about a hundred bytes.
  std::filesystem::create_directories(dir / "a");
  const std::vector<uint8_t> bytes = crafted_png(20000, 20000, std::vector<uint8_t>(20001, 0));
  testing::write_file(dir / "a/huge.png", bytes);
  const int64_t before = testing::peak_rss_bytes();
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { (void)load_image_folder(dir.path()); }),
                       (dir / "a/huge.png").string() + ": a PNG of 20000x20000 pixels needs at least 50020000 bytes "
                       "of image data, more than its " + std::to_string(bytes.size()) + " bytes can decompress to"));
  EXPECT_LT(testing::peak_rss_bytes() - before, int64_t{64} << 20);
}

TEST(ImageFolder, ImagesPastTheSizeLimitAreRejectedBeforeDecoding) {
  TempDir dir;
  // 9000 x 9000 is more than 8192 x 8192; 10 kB of padding makes the file large enough to be plausible.
  std::filesystem::create_directories(dir / "a");
  testing::write_file(dir / "a/big.png", crafted_png(9000, 9000, std::vector<uint8_t>(9001, 0), 10000));
  const int64_t before = testing::peak_rss_bytes();
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { (void)load_image_folder(dir.path()); }),
                       (dir / "a/big.png").string() + ": PNG of 9000x9000 pixels (width x height) is larger than "
                       "67108864 pixels, the most nabla reads from one image"));
  EXPECT_LT(testing::peak_rss_bytes() - before, int64_t{64} << 20);
}

}  // namespace
}  // namespace nabla::data
