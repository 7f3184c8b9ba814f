// Starting a run from given weights (init_from, `nabla train --init-from FILE`): a safetensors file
// with the model's state-dict names, e.g. one written by PyTorch's save_file(model.state_dict()).
#pragma once
#include <filesystem>

#include <nabla/nn/module.h>

namespace nabla::train {

// Copies every tensor of the file into the model's parameter or buffer of the same name (converting
// float64 to the model's float32). Requires: the file holds exactly the names of model.state_dict(),
// each with the model's shape, floating-point where the model's tensor is (int64 where it is int64),
// and finite values. Otherwise throws std::invalid_argument naming the file and listing every
// offending tensor, and leaves the model as it was; also for a file that cannot be read (with
// load_safetensors' reason).
void load_initial_weights(nn::Module& model, const std::filesystem::path& path);

}  // namespace nabla::train
