// Choosing the reader for a data source, then splitting and standardising.
#include <nabla/train/data_splits.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <stdexcept>

#include <nabla/data/cifar10.h>
#include <nabla/data/class_selection.h>
#include <nabla/data/csv_reader.h>
#include <nabla/data/fashion_mnist.h>
#include <nabla/data/image_folder.h>
#include <nabla/data/split.h>
#include <nabla/io/printable.h>

namespace nabla::train {
namespace {

bool is_idx_folder(const std::filesystem::path& dir) {
  return std::filesystem::exists(dir / "train-images-idx3-ubyte.gz") ||
         std::filesystem::exists(dir / "train-images-idx3-ubyte");
}

// name.csv or name.csv.gz, in any case.
bool is_csv(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return name.ends_with(".csv") || name.ends_with(".csv.gz");
}

// Training needs two classes: with one, a constant output minimises every loss and every metric is trivial.
void check_two_classes(const data::LabeledData& all, const std::filesystem::path& path) {
  if (all.labels.empty()) return;  // the readers refuse files without samples
  const int64_t label = all.labels.front();
  if (std::any_of(all.labels.begin(), all.labels.end(), [&](int64_t other) { return other != label; })) return;
  std::string what = std::to_string(label);
  if (static_cast<size_t>(label) < all.class_names.size())
    what = std::string(1, '"').append(io::printable(all.class_names[static_cast<size_t>(label)])).append(1, '"');
  throw std::runtime_error(path.string() + ": every sample has the label " + what +
                           "; training needs samples of at least two classes");
}

// The config's classes of data, renumbered; all of it when it names none.
data::LabeledData selected(data::LabeledData data, const TrainConfig& c) {
  if (c.classes.empty()) return data;
  try {
    return data::select_classes(data, data::parse_class_list(c.classes));
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("classes: ") + e.what());
  }
}

}  // namespace

DataSplits load_data_splits(const TrainConfig& c) {
  DataSplits s;
  data::LabeledData train;
  const std::filesystem::path path(c.data);
  const bool folder = std::filesystem::is_directory(path);
  const bool idx = c.data == "fashion-mnist" || (folder && is_idx_folder(path));
  if (idx || (folder && data::is_cifar10_folder(path))) {
    const std::filesystem::path dir = c.data == "fashion-mnist" ? data::find_fashion_mnist() : path;
    data::TrainTestData tt = idx ? data::load_fashion_mnist(dir) : data::load_cifar10(dir);
    check_two_classes(tt.train, dir);
    train = selected(std::move(tt.train), c);
    s.test = selected(std::move(tt.test), c);
    s.source = dir.string();
  } else {
    data::LabeledData all;
    if (folder)
      all = data::load_image_folder(path);
    else if (is_csv(path))
      all = data::load_csv(path);
    else
      throw std::invalid_argument("data: \"" + c.data +
                                  "\" is neither fashion-mnist, a .csv (or .csv.gz) file, an IDX folder, a CIFAR-10 "
                                  "folder nor an image folder");
    check_two_classes(all, path);
    all = selected(std::move(all), c);
    data::Split split = data::split_stratified(all, c.test_fraction, c.seed ^ 0x7E57);
    train = std::move(split.rest);
    s.test = std::move(split.part);
    s.source = path.string();
  }
  data::Split tv = data::split_stratified(train, c.val_fraction, c.seed);
  s.train = std::move(tv.rest);
  s.validation = std::move(tv.part);
  // Drawn after the validation set is carved, so that the validation set does not depend on it.
  if (c.limit_per_class) {
    try {
      s.train = data::sample_per_class(s.train, *c.limit_per_class, c.seed ^ 0xFE775407);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string("limit_per_class: ") + e.what());
    }
  }
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
