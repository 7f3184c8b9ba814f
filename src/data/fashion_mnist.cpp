// Fashion-MNIST: the package's directory, its four IDX files and its class names.
#include <nabla/data/fashion_mnist.h>
#include <nabla/data/idx_reader.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace nabla::data {
namespace {

constexpr const char* kVariable = "NABLA_FASHION_MNIST";
constexpr const char* kPackageDir = "/usr/share/datasets/fashion-mnist";
constexpr const char* kHowToGet =
    "install it with `apt-get install dataset-fashion-mnist` or set NABLA_FASHION_MNIST to the directory "
    "holding train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and "
    "t10k-labels-idx1-ubyte.gz";

// dir/name.gz as the package ships it, else an uncompressed dir/name.
std::filesystem::path locate(const std::filesystem::path& dir, const std::string& name) {
  for (const auto& candidate : {dir / (name + ".gz"), dir / name})
    if (std::filesystem::is_regular_file(candidate)) return candidate;
  throw std::runtime_error((dir / (name + ".gz")).string() + ": Fashion-MNIST file not found; " + kHowToGet);
}

std::string size_text(const LabeledData& d) {
  return std::to_string(d.sample_shape[1]) + "x" + std::to_string(d.sample_shape[2]);
}

// Training needs two classes: with one, a constant output minimises every loss and every metric is trivial.
void check_two_classes(const LabeledData& train, const std::filesystem::path& labels) {
  if (train.labels.empty()) return;  // load_idx_pair refuses files without images
  const int64_t label = train.labels.front();
  if (std::any_of(train.labels.begin(), train.labels.end(), [&](int64_t other) { return other != label; })) return;
  throw std::runtime_error(labels.string() + ": every label is " + std::to_string(label) +
                           "; training needs samples of at least two classes");
}

}  // namespace

const std::vector<std::string>& fashion_mnist_class_names() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                 "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return names;
}

std::filesystem::path find_fashion_mnist() {
  if (const char* value = std::getenv(kVariable); value != nullptr && *value != '\0') {
    if (!std::filesystem::is_directory(value))
      throw std::runtime_error(std::string(kVariable) + "=" + value + " is not a directory");
    return value;
  }
  if (!std::filesystem::is_directory(kPackageDir))
    throw std::runtime_error(std::string("Fashion-MNIST not found at ") + kPackageDir + ": " + kHowToGet);
  return kPackageDir;
}

TrainTestData load_fashion_mnist(const std::filesystem::path& dir) {
  const std::filesystem::path train_images = locate(dir, "train-images-idx3-ubyte");
  const std::filesystem::path train_labels = locate(dir, "train-labels-idx1-ubyte");
  const std::filesystem::path test_images = locate(dir, "t10k-images-idx3-ubyte");
  const std::filesystem::path test_labels = locate(dir, "t10k-labels-idx1-ubyte");
  TrainTestData out{load_idx_pair(train_images, train_labels, 10), load_idx_pair(test_images, test_labels, 10)};
  check_two_classes(out.train, train_labels);
  if (out.test.sample_shape != out.train.sample_shape)
    throw std::runtime_error(test_images.string() + ": images of " + size_text(out.test) + " pixels, but the " +
                             "training images " + train_images.string() + " are " + size_text(out.train) +
                             "; both sets need one size");
  out.train.class_names = out.test.class_names = fashion_mnist_class_names();
  return out;
}

}  // namespace nabla::data
