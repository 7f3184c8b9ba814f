// safetensors reading and writing with nlohmann-json for the header.
#include <nabla/train/safetensors.h>

#include <cstring>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include <nabla/io/atomic_file.h>

namespace nabla::train {
namespace {

const char* dtype_code(DType t) {
  switch (t) {
    case DType::f32: return "F32";
    case DType::f64: return "F64";
    case DType::i64: return "I64";
  }
  return "?";
}

DType parse_dtype(const std::string& code, const std::string& where) {
  if (code == "F32") return DType::f32;
  if (code == "F64") return DType::f64;
  if (code == "I64") return DType::i64;
  throw std::runtime_error(where + ": dtype " + code + " is not supported (F32, F64, I64)");
}

}  // namespace

void save_safetensors(const std::filesystem::path& path, const TensorMap& tensors,
                      const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::size_t offset = 0;
  for (const auto& [name, t] : tensors) {
    const std::size_t bytes = t.numel() * dtype_size(t.dtype());
    header[name] = {{"dtype", dtype_code(t.dtype())}, {"shape", t.shape()}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string head = header.dump();
  head.append((8 - head.size() % 8) % 8, ' ');  // data starts 8-byte aligned
  std::string out(8, '\0');
  const uint64_t n = head.size();
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xFF);  // little-endian
  out += head;
  out.reserve(out.size() + offset);
  for (const auto& [name, t] : tensors) {
    const Tensor c = t.contiguous();
    out.append(static_cast<const char*>(c.raw_data()), c.numel() * dtype_size(c.dtype()));
  }
  io::write_file_atomic(path, out);
}

namespace {

// The parsed JSON header and the offset of the data section.
std::pair<nlohmann::json, std::size_t> read_header(const std::string& file, const std::string& where) {
  if (file.size() < 8) throw std::runtime_error(where + ": " + std::to_string(file.size()) + " bytes, too short for a safetensors file");
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= uint64_t{static_cast<unsigned char>(file[i])} << (8 * i);
  if (n > file.size() - 8)
    throw std::runtime_error(where + ": header length " + std::to_string(n) + " at byte 0 runs past the end of the file (" +
                             std::to_string(file.size()) + " bytes)");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(file.substr(8, n));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(where + ": bad JSON header at byte 8: " + e.what());
  }
  if (!header.is_object()) throw std::runtime_error(where + ": the header at byte 8 is not a JSON object");
  return {header, 8 + n};
}

}  // namespace

TensorMap load_safetensors(const std::filesystem::path& path, std::map<std::string, std::string>* metadata) {
  return parse_safetensors(io::read_file(path), path.string(), metadata);
}

TensorMap parse_safetensors(const std::string& file, const std::string& where,
                            std::map<std::string, std::string>* metadata) {
  const auto [header, data_start] = read_header(file, where);
  if (metadata && header.contains("__metadata__")) {
    try {
      *metadata = header.at("__metadata__").get<std::map<std::string, std::string>>();
    } catch (const nlohmann::json::exception&) {
      throw std::runtime_error(where + ": __metadata__ must map strings to strings");
    }
  }
  const std::size_t data_size = file.size() - data_start;
  TensorMap out;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") continue;
    const std::string at = where + ": tensor \"" + name + "\"";
    try {
      const DType dtype = parse_dtype(entry.at("dtype").get<std::string>(), at);
      const Shape shape = entry.at("shape").get<Shape>();
      const auto offsets = entry.at("data_offsets").get<std::vector<uint64_t>>();
      const uint64_t bytes = shape_numel(shape) * dtype_size(dtype);
      if (offsets.size() != 2 || offsets[1] < offsets[0] || offsets[1] > data_size || offsets[1] - offsets[0] != bytes)
        throw std::runtime_error(at + ": data offsets do not match shape " + shape_str(shape) + " or lie outside the " +
                                 std::to_string(data_size) + " data bytes");
      Tensor t = Tensor::empty(shape, dtype);
      if (bytes) std::memcpy(t.raw_data(), file.data() + data_start + offsets[0], bytes);
      out.emplace(name, t);
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(at + ": malformed entry: " + e.what());
    }
  }
  return out;
}

}  // namespace nabla::train
