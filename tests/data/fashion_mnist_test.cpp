// Fashion-MNIST: locating the data set, and loading the installed package when it is there.
#include <gtest/gtest.h>
#include <nabla/data/fashion_mnist.h>
#include <nabla/data/normalization.h>

#include <array>
#include <cstdlib>
#include <optional>

#include "data_test_files.h"

namespace nabla::data {
namespace {

using testing::contains;
using testing::error_of;

constexpr const char* kPackageDir = "/usr/share/datasets/fashion-mnist";

// Sets NABLA_FASHION_MNIST for one scope and restores what was there.
class ScopedVariable {
 public:
  explicit ScopedVariable(const std::string& value) {
    if (const char* old = std::getenv("NABLA_FASHION_MNIST")) old_ = old;
    setenv("NABLA_FASHION_MNIST", value.c_str(), 1);
  }
  ScopedVariable(const ScopedVariable&) = delete;
  ScopedVariable& operator=(const ScopedVariable&) = delete;
  ~ScopedVariable() {
    if (old_)
      setenv("NABLA_FASHION_MNIST", old_->c_str(), 1);
    else
      unsetenv("NABLA_FASHION_MNIST");
  }

 private:
  std::optional<std::string> old_;
};

TEST(FashionMnist, VariableOverridesThePackageDirectory) {
  testing::TempDir dir;
  ScopedVariable set(dir.path().string());
  EXPECT_EQ(find_fashion_mnist(), dir.path());
}

TEST(FashionMnist, MissingDirectoryOrFilesSayWhatToDo) {
  testing::TempDir dir;
  {
    ScopedVariable set((dir / "absent").string());
    EXPECT_TRUE(contains(error_of<std::runtime_error>([] { (void)find_fashion_mnist(); }),
                         "NABLA_FASHION_MNIST=" + (dir / "absent").string() + " is not a directory"));
  }
  std::string e = error_of<std::runtime_error>([&] { (void)load_fashion_mnist(dir.path()); });
  EXPECT_TRUE(contains(e, "train-images-idx3-ubyte.gz: Fashion-MNIST file not found"));
  EXPECT_TRUE(contains(e, "apt-get install dataset-fashion-mnist"));
  EXPECT_TRUE(contains(e, "NABLA_FASHION_MNIST"));
}

// An MNIST-layout folder: train images of train_size x train_size pixels labelled train_labels, and
// two test images of test_size x test_size.
void write_idx_folder(const testing::TempDir& dir, uint32_t train_size, const std::vector<uint8_t>& train_labels,
                      uint32_t test_size) {
  const auto n = static_cast<uint32_t>(train_labels.size());
  testing::write_file(dir / "train-images-idx3-ubyte",
                      testing::idx_file(0x08, {n, train_size, train_size},
                                        std::vector<uint8_t>(n * train_size * train_size, 7)));
  testing::write_file(dir / "train-labels-idx1-ubyte", testing::idx_file(0x08, {n}, train_labels));
  testing::write_file(dir / "t10k-images-idx3-ubyte.gz",
                      testing::gzip(testing::idx_file(0x08, {2, test_size, test_size},
                                                      std::vector<uint8_t>(2 * test_size * test_size, 7))));
  testing::write_file(dir / "t10k-labels-idx1-ubyte", testing::idx_file(0x08, {2}, {0, 1}));
}

TEST(FashionMnist, TestImagesOfAnotherSizeFailBeforeTraining) {
  testing::TempDir dir;
  write_idx_folder(dir, 2, {0, 1, 1}, 3);
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { (void)load_fashion_mnist(dir.path()); }),
                       (dir / "t10k-images-idx3-ubyte.gz").string() + ": images of 3x3 pixels, but the training " +
                           "images " + (dir / "train-images-idx3-ubyte").string() +
                           " are 2x2; both sets need one size"));
  write_idx_folder(dir, 2, {0, 1, 1}, 2);
  EXPECT_EQ(load_fashion_mnist(dir.path()).test.size(), 2);
}

TEST(FashionMnist, TrainingLabelsOfOneClassFailBeforeTraining) {
  testing::TempDir dir;
  write_idx_folder(dir, 2, {4, 4, 4}, 2);
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { (void)load_fashion_mnist(dir.path()); }),
                       (dir / "train-labels-idx1-ubyte").string() +
                           ": every label is 4; training needs samples of at least two classes"));
}

TEST(FashionMnist, InstalledPackageHasSixThousandTrainingImagesPerClass) {
  if (!std::filesystem::is_directory(kPackageDir)) GTEST_SKIP() << kPackageDir << " is absent";
  TrainTestData data = load_fashion_mnist(kPackageDir);
  ASSERT_EQ(data.train.size(), 60000);
  ASSERT_EQ(data.test.size(), 10000);
  EXPECT_EQ(data.train.sample_shape, (std::vector<int64_t>{1, 28, 28}));
  EXPECT_EQ(data.train.features.size(), 60000u * 784u);
  EXPECT_EQ(data.test.num_classes, 10);
  EXPECT_EQ(data.train.class_names.front(), "T-shirt/top");
  EXPECT_EQ(data.train.class_names.back(), "Ankle boot");
  std::array<int64_t, 10> train_counts{}, test_counts{};
  for (int64_t label : data.train.labels) ++train_counts[static_cast<size_t>(label)];
  for (int64_t label : data.test.labels) ++test_counts[static_cast<size_t>(label)];
  for (size_t c = 0; c < 10; ++c) {
    EXPECT_EQ(train_counts[c], 6000) << "class " << c;
    EXPECT_EQ(test_counts[c], 1000) << "class " << c;
  }
  // The first training image is an ankle boot (label 9), as in every Fashion-MNIST copy.
  EXPECT_EQ(data.train.labels[0], 9);
  // The statistics commonly quoted for the training pixels: mean 0.2860, std 0.3530.
  Normalization norm = fit_normalization(data.train);
  EXPECT_NEAR(norm.mean[0], 0.2860f, 1e-4f);
  EXPECT_NEAR(norm.std[0], 0.3530f, 1e-4f);
}

}  // namespace
}  // namespace nabla::data
