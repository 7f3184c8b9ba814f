// The model of a finished run, read back from its folder for use outside training (an export): the
// weights in eval mode and what data.json says about the inputs and classes.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nabla/data/normalization.h>
#include <nabla/nn/sequential.h>
#include <nabla/train/train_config.h>

namespace nabla::train {

struct RunModel {
  TrainConfig config;                       // config.json
  std::shared_ptr<nn::Sequential> model;    // model.safetensors loaded, in eval mode
  Shape sample_shape;                       // of one raw input, e.g. {1, 28, 28}
  std::vector<std::string> class_names;     // data.json's, or "0", "1", … when it names none
  data::Normalization normalization;        // the training set's statistics; empty when not standardised
  std::string spec;                         // the model's spec, preset expanded (train::model_spec_of)
};

// Reads dir/config.json, dir/data.json and dir/model.safetensors (a folder of `nabla train`). Throws
// std::invalid_argument naming dir when it does not exist or lacks one of the files, and the errors of
// the config, the model spec and the weights as they come.
[[nodiscard]] RunModel load_run_model(const std::filesystem::path& dir);

// The model a run's config.json describes with the weights of another safetensors file (a checkpoint of
// the run, say); the run's data.json is read from beside config. Throws std::invalid_argument naming the
// first of the three files that does not exist.
[[nodiscard]] RunModel load_run_model(const std::filesystem::path& weights, const std::filesystem::path& config);

}  // namespace nabla::train
