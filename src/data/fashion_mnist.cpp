// Fashion-MNIST: the package's directory, its four IDX files and its class names.
#include <nabla/data/fashion_mnist.h>
#include <nabla/data/idx_reader.h>

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

LabeledData load_part(const std::filesystem::path& dir, const std::string& prefix) {
  std::filesystem::path images = locate(dir, prefix + "-images-idx3-ubyte");
  std::filesystem::path labels = locate(dir, prefix + "-labels-idx1-ubyte");
  LabeledData part = load_idx_pair(images, labels, 10);
  part.class_names = fashion_mnist_class_names();
  return part;
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
  return {load_part(dir, "train"), load_part(dir, "t10k")};
}

}  // namespace nabla::data
