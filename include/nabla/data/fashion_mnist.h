// Fashion-MNIST: locating the Debian package's files and loading its train and test sets.
#pragma once

#include <nabla/data/labeled_data.h>

#include <filesystem>
#include <string>
#include <vector>

namespace nabla::data {

// The ten class names in label order: T-shirt/top, Trouser, ..., Ankle boot.
[[nodiscard]] const std::vector<std::string>& fashion_mnist_class_names();

// The directory of the four Fashion-MNIST files: $NABLA_FASHION_MNIST when set, else
// /usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist).
// Throws std::runtime_error saying which package to install or which variable to set when it is missing.
[[nodiscard]] std::filesystem::path find_fashion_mnist();

// Loads train-{images-idx3,labels-idx1}-ubyte and t10k-… from dir, each gzipped (name.gz) or not.
// ensures: samples of shape {1,28,28} in [0,1] (the package holds 60000 train and 10000 test images),
// num_classes 10, class_names fashion_mnist_class_names(). Throws std::runtime_error naming the file when
// one is missing or damaged, the training labels hold fewer than two classes, or the test images'
// size differs from the training images'.
[[nodiscard]] TrainTestData load_fashion_mnist(const std::filesystem::path& dir);

}  // namespace nabla::data
