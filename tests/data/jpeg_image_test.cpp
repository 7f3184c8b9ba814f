// JPEG images in image folders and prediction inputs: files encoded here with libjpeg (two flat 8x8
// blocks, quality 100, so that the decoded values are known within the colour transform's rounding),
// conversions between grey and RGB, and damaged or unsupported files named in one-line errors.
#include <gtest/gtest.h>
#include <nabla/data/image_folder.h>
#include <nabla/data/prediction_inputs.h>
#include <png.h>

#include <cmath>

#include "data_test_files.h"
#include "jpeg_writer.h"
#include "png_writer.h"

namespace nabla::data {
namespace {

using testing::contains;
using testing::error_of;
using testing::jpeg_bytes;
using testing::TempDir;
using testing::two_halves;

// A decoded sample's value is within 2/255 of the encoded one: quality 100 quantises flat blocks
// exactly; YCbCr <-> RGB rounds each way.
constexpr float kTolerance = 2.0f / 255.0f;

// Planar expected values of a 16x8 two-halves image: for each channel, left[c] on x < 8, right[c] else.
std::vector<float> planes(const std::vector<float>& left, const std::vector<float>& right) {
  std::vector<float> out;
  for (size_t c = 0; c < left.size(); ++c)
    for (int y = 0; y < 8; ++y)
      for (int x = 0; x < 16; ++x) out.push_back((x < 8 ? left[c] : right[c]) / 255.0f);
  return out;
}

void expect_near(const std::vector<float>& actual, const std::vector<float>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  float worst = 0;
  size_t at = 0;
  for (size_t i = 0; i < actual.size(); ++i)
    if (std::fabs(actual[i] - expected[i]) > worst) worst = std::fabs(actual[i] - expected[i]), at = i;
  EXPECT_LE(worst, kTolerance) << "largest difference at " << at << ": " << actual[at] << " vs " << expected[at];
}

void write_jpeg(const std::filesystem::path& path, J_COLOR_SPACE space, const std::vector<uint8_t>& left,
                const std::vector<uint8_t>& right) {
  std::filesystem::create_directories(path.parent_path());
  testing::write_file(path, jpeg_bytes(16, 8, space, two_halves(16, 8, left, right)));
}

std::string folder_error(const TempDir& dir) {
  return error_of<std::runtime_error>([&] { (void)load_image_folder(dir.path()); });
}

TEST(JpegImages, GreyAndRgbFilesDecodeToPlanes) {
  TempDir dir;
  write_jpeg(dir / "grey/a.jpg", JCS_GRAYSCALE, {51}, {204});
  const LabeledData grey = load_image_folder(dir.path());
  EXPECT_EQ(grey.sample_shape, (std::vector<int64_t>{1, 8, 16}));
  expect_near(grey.features, planes({51}, {204}));

  TempDir colour;
  write_jpeg(colour / "rgb/a.JPEG", JCS_RGB, {255, 0, 51}, {0, 102, 255});
  write_jpeg(colour / "rgb/b.jpeg", JCS_RGB, {10, 200, 30}, {90, 90, 90});
  const LabeledData rgb = load_image_folder(colour.path());
  EXPECT_EQ(rgb.sample_shape, (std::vector<int64_t>{3, 8, 16}));
  EXPECT_EQ(rgb.labels, (std::vector<int64_t>{0, 0}));
  std::vector<float> both = planes({255, 0, 51}, {0, 102, 255});
  const std::vector<float> second = planes({10, 200, 30}, {90, 90, 90});
  both.insert(both.end(), second.begin(), second.end());
  expect_near(rgb.features, both);
}

TEST(JpegImages, ChannelsFollowTheFirstImageAsForPng) {
  TempDir dir;
  // The first image, a grey PNG, makes every sample grey: the RGB JPEG becomes its luma
  // 0.299 R + 0.587 G + 0.114 B: 82.06 on the left, 88.94 on the right.
  testing::write_png(dir / "a/first.png", 16, 8, PNG_FORMAT_GRAY, two_halves(16, 8, {51}, {204}));
  write_jpeg(dir / "b/second.jpg", JCS_RGB, {255, 0, 51}, {0, 102, 255});
  const LabeledData data = load_image_folder(dir.path());
  EXPECT_EQ(data.sample_shape, (std::vector<int64_t>{1, 8, 16}));
  expect_near(std::vector<float>(data.features.begin() + 128, data.features.end()), planes({82.06f}, {88.94f}));
  // Asked for RGB, a grey JPEG repeats its value in all three planes.
  TempDir grey;
  write_jpeg(grey / "a/x.jpg", JCS_GRAYSCALE, {51}, {204});
  expect_near(load_image_folder(grey.path(), {.channels = 3}).features, planes({51, 51, 51}, {204, 204, 204}));
}

TEST(JpegImages, SizesMustMatchTheFirstImage) {
  TempDir dir;
  write_jpeg(dir / "a/first.jpg", JCS_GRAYSCALE, {0}, {255});
  std::filesystem::create_directories(dir / "b");
  testing::write_file(dir / "b/small.jpg", jpeg_bytes(8, 8, JCS_GRAYSCALE, std::vector<uint8_t>(64, 9)));
  EXPECT_EQ(folder_error(dir), (dir / "b/small.jpg").string() +
                                   ": size 8x8 (width x height) differs from 16x8 of the first image " +
                                   (dir / "a/first.jpg").string());
}

TEST(JpegImages, DamagedFilesAreNamed) {
  TempDir dir;
  write_jpeg(dir / "a/good.jpg", JCS_GRAYSCALE, {0}, {255});
  std::filesystem::create_directories(dir / "b");
  std::vector<uint8_t> bytes = jpeg_bytes(16, 8, JCS_RGB, two_halves(16, 8, {1, 2, 3}, {4, 5, 6}));
  bytes.resize(bytes.size() - 20);  // the end of the entropy-coded data and the end marker
  testing::write_file(dir / "b/truncated.jpg", bytes);
  EXPECT_EQ(folder_error(dir), (dir / "b/truncated.jpg").string() + ": cannot decode JPEG: Premature end of JPEG file");
  std::filesystem::remove(dir / "b/truncated.jpg");
  testing::write_text(dir / "b/garbage.jpg", "not a jpeg");
  EXPECT_EQ(folder_error(dir),
            (dir / "b/garbage.jpg").string() + ": cannot decode JPEG: Not a JPEG file: starts with 0x6e 0x6f");
  testing::write_file(dir / "b/garbage.jpg", {});
  EXPECT_EQ(folder_error(dir), (dir / "b/garbage.jpg").string() + ": cannot decode JPEG: Empty input file");
}

TEST(JpegImages, CmykIsRefusedWithItsColourSpace) {
  TempDir dir;
  std::filesystem::create_directories(dir / "a");
  testing::write_file(dir / "a/print.jpg", jpeg_bytes(8, 8, JCS_CMYK, std::vector<uint8_t>(256, 100)));
  EXPECT_EQ(folder_error(dir), (dir / "a/print.jpg").string() +
                                   ": JPEG in the CMYK colour space (4 components); nabla reads grey and RGB (YCbCr) "
                                   "JPEGs");
}

TEST(JpegImages, ImagesPastTheSizeLimitAreRejectedBeforeDecoding) {
  TempDir dir;
  std::filesystem::create_directories(dir / "a");
  std::vector<uint8_t> bytes = jpeg_bytes(8, 8, JCS_GRAYSCALE, std::vector<uint8_t>(64, 9));
  // The frame header (FF C0, length, precision) holds the height and width, big-endian: 9000 each.
  size_t sof = 2;
  while (!(bytes[sof] == 0xFF && bytes[sof + 1] == 0xC0)) ++sof;
  for (const size_t at : {sof + 5, sof + 7}) bytes[at] = 9000 >> 8, bytes[at + 1] = 9000 & 0xFF;
  testing::write_file(dir / "a/big.jpg", bytes);
  const int64_t before = testing::peak_rss_bytes();
  EXPECT_EQ(folder_error(dir), (dir / "a/big.jpg").string() +
                                   ": JPEG of 9000x9000 pixels (width x height) is larger than 67108864 pixels, the "
                                   "most nabla reads from one image");
  EXPECT_LT(testing::peak_rss_bytes() - before, int64_t{64} << 20);
}

TEST(JpegImages, AProgressiveFileOfTooManyScansIsRefused) {
  TempDir dir;
  std::filesystem::create_directories(dir / "a");
  // A valid grey progressive file: the DC, then each AC coefficient in 8 successive-approximation
  // scans (bit 7 first, then one refinement per bit): 1 + 63 * 8 = 505 scans.
  std::vector<jpeg_scan_info> scans = {{1, {0}, 0, 0, 0, 0}};
  for (int k = 1; k < 64; ++k) {
    scans.push_back({1, {0}, k, k, 0, 7});
    for (int bit = 7; bit > 0; --bit) scans.push_back({1, {0}, k, k, bit, bit - 1});
  }
  const std::vector<uint8_t> samples(64, 200);
  testing::write_file(dir / "a/few.jpg", jpeg_bytes(8, 8, JCS_GRAYSCALE, samples, {scans.begin(), scans.begin() + 9}));
  expect_near(load_image_folder(dir.path()).features, std::vector<float>(64, 200.0f / 255.0f));
  testing::write_file(dir / "a/many.jpg", jpeg_bytes(8, 8, JCS_GRAYSCALE, samples, scans));
  EXPECT_EQ(folder_error(dir), (dir / "a/many.jpg").string() + ": cannot decode JPEG: more than 500 scans");
}

TEST(JpegImages, PredictionInputsReadJpegFilesAndFolders) {
  TempDir dir;
  write_jpeg(dir / "one.JPG", JCS_GRAYSCALE, {51}, {204});
  write_jpeg(dir / "more/b.jpeg", JCS_RGB, {255, 255, 255}, {0, 0, 0});
  testing::write_png(dir / "more/a.png", 16, 8, PNG_FORMAT_GRAY, two_halves(16, 8, {0}, {255}));
  const PredictionInputs inputs = load_prediction_inputs({dir / "one.JPG", dir / "more"}, {1, 8, 16});
  EXPECT_EQ(inputs.names, (std::vector<std::string>{(dir / "one.JPG").string(), (dir / "more/a.png").string(),
                                                    (dir / "more/b.jpeg").string()}));
  std::vector<float> expected = planes({51}, {204});
  for (const auto& [left, right] : {std::pair(0.0f, 255.0f), std::pair(255.0f, 0.0f)}) {
    const std::vector<float> more = planes({left}, {right});
    expected.insert(expected.end(), more.begin(), more.end());
  }
  expect_near(inputs.features, expected);
  testing::write_text(dir / "bad.jpg", "not a jpeg");
  const std::string error =
      error_of<std::runtime_error>([&] { (void)load_prediction_inputs({dir / "bad.jpg"}, {1, 8, 16}); });
  EXPECT_TRUE(contains(error, (dir / "bad.jpg").string() + ": cannot decode JPEG: Not a JPEG file"));
}

}  // namespace
}  // namespace nabla::data
