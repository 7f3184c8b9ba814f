// Choosing the reader for a data source, then splitting and standardising.
#include <nabla/train/data_splits.h>

#include <filesystem>
#include <stdexcept>

#include <nabla/data/csv_reader.h>
#include <nabla/data/fashion_mnist.h>
#include <nabla/data/image_folder.h>
#include <nabla/data/split.h>

namespace nabla::train {
namespace {

bool is_idx_folder(const std::filesystem::path& dir) {
  return std::filesystem::exists(dir / "train-images-idx3-ubyte.gz") ||
         std::filesystem::exists(dir / "train-images-idx3-ubyte");
}

}  // namespace

DataSplits load_data_splits(const TrainConfig& c) {
  DataSplits s;
  data::LabeledData train;
  const std::filesystem::path path(c.data);
  if (c.data == "fashion-mnist" || (std::filesystem::is_directory(path) && is_idx_folder(path))) {
    const std::filesystem::path dir = c.data == "fashion-mnist" ? data::find_fashion_mnist() : path;
    data::TrainTestData tt = data::load_fashion_mnist(dir);
    train = std::move(tt.train);
    s.test = std::move(tt.test);
    s.source = dir.string();
  } else {
    data::LabeledData all;
    if (path.extension() == ".csv")
      all = data::load_csv(path);
    else if (std::filesystem::is_directory(path))
      all = data::load_image_folder(path);
    else
      throw std::invalid_argument("data: \"" + c.data +
                                  "\" is neither fashion-mnist, a .csv file, an IDX folder nor an image folder");
    data::Split split = data::split_stratified(all, c.test_fraction, c.seed ^ 0x7E57);
    train = std::move(split.rest);
    s.test = std::move(split.part);
    s.source = path.string();
  }
  data::Split tv = data::split_stratified(train, c.val_fraction, c.seed);
  s.train = std::move(tv.rest);
  s.validation = std::move(tv.part);
  if (c.limit_train > 0) s.train = data::head(s.train, c.limit_train);
  if (c.limit_test > 0) {
    s.test = data::head(s.test, c.limit_test);
    s.validation = data::head(s.validation, c.limit_test);
  }
  if (c.normalize) {
    s.normalization = data::fit_normalization(s.train);
    for (data::LabeledData* d : {&s.train, &s.validation, &s.test}) data::apply_normalization(*d, s.normalization);
  }
  return s;
}

}  // namespace nabla::train
