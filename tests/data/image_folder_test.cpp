// Image folders: tiny PNGs written here with libpng, read back as grey or RGB planes, and size errors.
#include <gtest/gtest.h>
#include <nabla/data/image_folder.h>
#include <png.h>

#include "data_test_files.h"
#include "png_writer.h"

namespace nabla::data {
namespace {

using testing::contains;
using testing::error_of;
using testing::TempDir;
using testing::write_png;

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
                       (dir / "b").string() + ": no PNG files in this class folder"));
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { (void)load_image_folder(dir / "a/first.png"); }),
                       "first.png: not a directory"));
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { (void)load_image_folder(dir / "a"); }),
                       (dir / "a").string() + ": no class sub-folders"));
}

}  // namespace
}  // namespace nabla::data
