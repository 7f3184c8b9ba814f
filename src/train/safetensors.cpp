// safetensors reading and writing with nlohmann-json for the header.
#include <nabla/train/safetensors.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <nabla/io/atomic_file.h>
#include <nabla/io/printable.h>

#include "json_text.h"

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
  throw std::runtime_error(where + ": dtype " + io::printable(code) + " is not supported (F32, F64, I64)");
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
  nlohmann::json header = detail::parse_json_text(std::string_view(file).substr(8, n), where, 8);
  if (!header.is_object()) throw std::runtime_error(where + ": the header at byte 8 is not a JSON object");
  return {header, 8 + n};
}

// One tensor's entry in the header: where its bytes lie in the data section.
struct Entry {
  std::string name{};
  DType dtype = DType::f32;
  Shape shape{};
  uint64_t begin = 0, end = 0;
};

// The sizes of a shape, each in [0, 2^63) and the product of the non-zero ones below 2^63, so that the
// element count and the strides fit int64.
Shape checked_shape(const nlohmann::json& j, const std::string& at) {
  if (!j.is_array()) throw std::runtime_error(at + ": shape must be a list of sizes");
  const auto max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  Shape shape;
  uint64_t product = 1;
  for (const nlohmann::json& d : j) {
    if (!d.is_number_unsigned() || d.get<uint64_t>() > max)
      throw std::runtime_error(at + ": shape " + io::printable(j.dump()) + " must hold whole sizes >= 0");
    const uint64_t size = d.get<uint64_t>();
    if (size > 1 && product > max / size)
      throw std::runtime_error(at + ": shape " + io::printable(j.dump()) + " has more than 2^63 elements");
    product *= std::max<uint64_t>(size, 1);
    shape.push_back(static_cast<int64_t>(size));
  }
  return shape;
}

Entry parse_entry(const std::string& name, const nlohmann::json& entry, uint64_t data_size, const std::string& at) {
  Entry e{.name = name};
  try {
    e.dtype = parse_dtype(entry.at("dtype").get<std::string>(), at);
    e.shape = checked_shape(entry.at("shape"), at);
    const nlohmann::json& offsets = entry.at("data_offsets");
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
        !offsets[1].is_number_unsigned())
      throw std::runtime_error(at + ": data_offsets must be [begin, end], two whole numbers");
    e.begin = offsets[0].get<uint64_t>();
    e.end = offsets[1].get<uint64_t>();
  } catch (const nlohmann::json::exception& err) {
    throw std::runtime_error(at + ": malformed entry: " + err.what());
  }
  const auto numel = static_cast<uint64_t>(shape_numel(e.shape));
  const uint64_t esize = dtype_size(e.dtype);
  const std::string range = "data offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "]";
  if (e.begin > e.end || e.end > data_size)
    throw std::runtime_error(at + ": " + range + " lie outside the " + std::to_string(data_size) + " data bytes");
  const bool huge = numel > std::numeric_limits<uint64_t>::max() / esize;
  if (huge || e.end - e.begin != numel * esize)
    throw std::runtime_error(at + ": " + range + " hold " + std::to_string(e.end - e.begin) + " bytes, but shape " +
                             shape_str(e.shape) + " of " + dtype_code(e.dtype) + " needs " +
                             (huge ? "more than 2^64" : std::to_string(numel * esize)));
  return e;
}

// The tensors must tile the data section exactly, as the safetensors format requires: bytes shared by two
// tensors or owned by none are damage (or a file made to look like two different things).
void check_tiling(std::vector<Entry>& entries, uint64_t data_size, const std::string& where) {
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return std::pair(a.begin, a.end) < std::pair(b.begin, b.end); });
  uint64_t covered = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    if (e.begin < covered)
      throw std::runtime_error(where + ": tensors \"" + io::printable(entries[i - 1].name) + "\" and \"" +
                               io::printable(e.name) + "\" overlap at byte " + std::to_string(e.begin) +
                               " of the data section");
    if (e.begin > covered)
      throw std::runtime_error(where + ": bytes " + std::to_string(covered) + " to " + std::to_string(e.begin) +
                               " of the data section belong to no tensor");
    covered = e.end;
  }
  if (covered != data_size)
    throw std::runtime_error(where + ": " + std::to_string(data_size - covered) +
                             " bytes after the last tensor's data");
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
  std::vector<Entry> entries;
  for (const auto& [name, entry] : header.items())
    if (name != "__metadata__")
      entries.push_back(parse_entry(name, entry, data_size, where + ": tensor \"" + io::printable(name) + "\""));
  check_tiling(entries, data_size, where);
  // Only now, with every size checked against the file, is memory allocated.
  TensorMap out;
  for (const Entry& e : entries) {
    Tensor t = Tensor::empty(e.shape, e.dtype);
    if (e.end > e.begin) std::memcpy(t.raw_data(), file.data() + data_start + e.begin, e.end - e.begin);
    out.emplace(e.name, t);
  }
  return out;
}

}  // namespace nabla::train
