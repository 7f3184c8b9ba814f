// Starting a run from given weights (init_from, `nabla train --init-from FILE|RUN_DIR`): a safetensors
// file with the model's state-dict names, e.g. one written by PyTorch's save_file(model.state_dict()),
// or a run folder's model.safetensors.
#pragma once
#include <filesystem>
#include <string>

#include <nabla/nn/module.h>

namespace nabla::train {

// Copies every tensor of the file into the model's parameter or buffer of the same name (converting
// float64 to the model's float32). Requires: the file holds exactly the names of model.state_dict(),
// each with the model's shape, floating-point where the model's tensor is (int64 where it is int64),
// and finite values. Otherwise throws std::invalid_argument naming the file and listing every
// offending tensor, and leaves the model as it was; also for a file that cannot be read (with
// load_safetensors' reason). A folder stands for its model.safetensors (a run folder of `nabla train`).
// The tensors whose names start with fresh_prefix (a non-empty one: reset_head's head_prefix) keep the
// model's values; the file's tensors of those names are ignored, whatever their shapes, and may be absent.
void load_initial_weights(nn::Module& model, const std::filesystem::path& source, const std::string& fresh_prefix = "");

}  // namespace nabla::train
