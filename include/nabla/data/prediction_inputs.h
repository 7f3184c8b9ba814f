// Unlabelled inputs to predict on: PNG and JPEG files, folders of them and CSV files of feature rows.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nabla::data {

// Sample i is features[i*S .. (i+1)*S), S the product of the sample shape; names[i] says where it came
// from: the image's path, or "rows.csv:7" (the CSV file and the line of its row).
struct PredictionInputs {
  std::vector<float> features;
  std::vector<std::string> names;
};

// Reads each path in order, for a model whose samples have sample_shape:
//  - a .png, .jpg or .jpeg file (in any case): one image, decoded into sample_shape[0] channels with
//    values in [0,1];
//  - a folder: its .png, .jpg and .jpeg files (not its sub-folders), in sorted order;
//  - any other file: a CSV (gzipped or not) whose rows are one sample each, with sample_shape[0]
//    fields, or one more whose last is a label (the training layout) and is ignored; a first row
//    that is not all numbers is a header.
// requires: sample_shape is {C,H,W} for images, {F} for CSV rows.
// Throws std::runtime_error naming the path: one that does not exist, a folder with no image, an image
// whose size differs from sample_shape's, a row with another field count or a field that is not a number.
[[nodiscard]] PredictionInputs load_prediction_inputs(const std::vector<std::filesystem::path>& paths,
                                                      const std::vector<int64_t>& sample_shape);

}  // namespace nabla::data
