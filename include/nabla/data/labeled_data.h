// LabeledData: one labelled dataset held in memory as flat float features and integer class labels;
// TrainTestData: a dataset shipped as a training and a test part.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nabla::data {

// Sample i is features[i*sample_size() .. (i+1)*sample_size()), row-major with sample_shape
// ({C,H,W} for images, {F} for tabular rows). labels[i] lies in [0, num_classes).
// class_names is either empty (classes are plain indices) or holds num_classes names.
struct LabeledData {
  std::vector<float> features;
  std::vector<int64_t> sample_shape;
  std::vector<int64_t> labels;
  int64_t num_classes = 0;
  std::vector<std::string> class_names;

  // Number of samples.
  [[nodiscard]] int64_t size() const { return static_cast<int64_t>(labels.size()); }

  // Number of floats per sample: the product of sample_shape (1 for an empty shape).
  [[nodiscard]] int64_t sample_size() const {
    int64_t n = 1;
    for (int64_t d : sample_shape) n *= d;
    return n;
  }
};

// A dataset's fixed training and test parts.
struct TrainTestData {
  LabeledData train;
  LabeledData test;
};

}  // namespace nabla::data
