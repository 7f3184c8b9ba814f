// Data sources: CSV files in any case and gzipped, a CIFAR-10 folder, and datasets a model cannot be
// trained on, refused before training starts with the file named.
#include <gtest/gtest.h>
#include <png.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <sstream>

#include <nabla/train/data_splits.h>

#include "../common/train_fixtures.h"

namespace nabla::train {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

DataSplits load(const std::filesystem::path& path) {
  TrainConfig config;
  config.data = path.string();
  return load_data_splits(config);
}

// The message load_data_splits throws for data at path, or "no error".
std::string splits_error(const std::filesystem::path& path) {
  try {
    (void)load(path);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no error";
}

TEST(DataSource, CsvFilesAreRecognisedInAnyCaseAndGzipped) {
  const auto dir = testing::fresh_dir("data_source_csv_" + std::to_string(::getpid()));
  const std::string text = read_text(testing::write_blobs_csv(dir));
  std::ofstream(dir / "BLOBS.CSV", std::ios::binary) << text;
  gzFile gz = gzopen((dir / "blobs.csv.gz").c_str(), "wb");
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  const DataSplits plain = load(dir / "blobs.csv");
  for (const char* name : {"BLOBS.CSV", "blobs.csv.gz"}) {
    const DataSplits s = load(dir / name);
    EXPECT_EQ(s.train.features, plain.train.features) << name;
    EXPECT_EQ(s.test.labels, plain.test.labels) << name;
  }
  std::ofstream(dir / "blobs.txt") << text;
  EXPECT_NE(splits_error(dir / "blobs.txt").find("is neither fashion-mnist, a .csv (or .csv.gz) file"),
            std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(DataSource, ADatasetOfOneClassFailsBeforeTraining) {
  const auto dir = testing::fresh_dir("data_source_one_class_" + std::to_string(::getpid()));
  std::ofstream(dir / "one.csv") << "x,y,label\n1,2,cat\n3,4,cat\n5,6,cat\n";
  EXPECT_EQ(splits_error(dir / "one.csv"),
            (dir / "one.csv").string() +
                ": every sample has the label \"cat\"; training needs samples of at least two classes");
  std::ofstream(dir / "indices.csv") << "1,2,0\n3,4,0\n";
  EXPECT_NE(splits_error(dir / "indices.csv").find("indices.csv: every sample has the label 0;"), std::string::npos);
  // An image folder with a single class folder.
  std::filesystem::create_directories(dir / "images/only");
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = image.height = 2;
  image.format = PNG_FORMAT_GRAY;
  const uint8_t pixels[4] = {0, 64, 128, 255};
  for (const char* name : {"a.png", "b.png"})
    ASSERT_TRUE(png_image_write_to_file(&image, (dir / "images/only" / name).c_str(), 0, pixels, 0, nullptr));
  EXPECT_NE(splits_error(dir / "images").find((dir / "images").string() + ": every sample has the label \"only\""),
            std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(DataSource, ACifar10FolderKeepsItsTestBatchAsTheTestSet) {
  const auto dir = testing::fresh_dir("data_source_cifar10_" + std::to_string(::getpid()));
  // 10 training records of labels 0,1,0,1,... and 4 test records of label 2, each pixel its record's index.
  auto write_batch = [&](const char* name, int records, int first_label, int label_step) {
    std::ofstream out(dir / name, std::ios::binary);
    for (int r = 0; r < records; ++r) {
      out.put(static_cast<char>(first_label + label_step * (r % 2)));
      out << std::string(3072, static_cast<char>(r));
    }
  };
  write_batch("data_batch_1.bin", 10, 0, 1);
  write_batch("test_batch.bin", 4, 2, 0);
  const DataSplits s = load(dir);
  EXPECT_EQ(s.source, dir.string());
  EXPECT_EQ(s.test.labels, (std::vector<int64_t>(4, 2)));
  EXPECT_EQ(s.train.size() + s.validation.size(), 10);
  EXPECT_EQ(s.train.sample_shape, (std::vector<int64_t>{3, 32, 32}));
  EXPECT_EQ(s.test.class_names[2], "bird");
  write_batch("data_batch_1.bin", 3, 5, 0);
  EXPECT_EQ(splits_error(dir),
            dir.string() + ": every sample has the label \"dog\"; training needs samples of at least two classes");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nabla::train
