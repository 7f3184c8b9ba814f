// The safetensors format (8-byte little-endian header length, a JSON header of
// {name: {dtype, shape, data_offsets}} plus "__metadata__", then the raw little-endian data), read and
// written without the safetensors package, so PyTorch loads nabla's weights and the reverse.
#pragma once
#include <filesystem>
#include <map>
#include <string>

#include <nabla/tensor/tensor.h>

namespace nabla::train {

using TensorMap = std::map<std::string, Tensor>;

// Writes atomically; names are sorted, data 8-byte aligned. metadata goes to "__metadata__".
void save_safetensors(const std::filesystem::path& path, const TensorMap& tensors,
                      const std::map<std::string, std::string>& metadata = {});

// Reads every tensor (F32, F64, I64). Throws naming the file and what is wrong: short file, header
// length past the end, bad JSON, unknown dtype, a shape of more than 2^63 elements, offsets outside the
// data or disagreeing with the shape, tensors that overlap or data bytes that belong to no tensor.
// Every size is checked against the file before anything is allocated.
// When metadata is given, it receives the header's "__metadata__" (string to string).
[[nodiscard]] TensorMap load_safetensors(const std::filesystem::path& path,
                                         std::map<std::string, std::string>* metadata = nullptr);
// The same for a file's bytes already in memory; `where` names them in errors.
[[nodiscard]] TensorMap parse_safetensors(const std::string& file, const std::string& where,
                                          std::map<std::string, std::string>* metadata = nullptr);

}  // namespace nabla::train
