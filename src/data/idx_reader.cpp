// IDX decoding: the header, then the payload it declares as it arrives, then one pass from big-endian order.
#include <nabla/data/idx_reader.h>

#include <algorithm>
#include <bit>
#include <limits>
#include <stdexcept>

#include "data_stream.h"
#include "file_bytes.h"

namespace nabla::data {
namespace {

using detail::at_byte;
using detail::hex32;

// Size in bytes and name of each IDX element type; 0 for bytes that name no type.
size_t element_size(uint8_t type) {
  switch (type) {
    case 0x08:
    case 0x09:
      return 1;
    case 0x0B:
      return 2;
    case 0x0C:
    case 0x0D:
      return 4;
    case 0x0E:
      return 8;
    default:
      return 0;
  }
}

const char* type_name(uint8_t type) {
  switch (type) {
    case 0x08:
      return "uint8";
    case 0x09:
      return "int8";
    case 0x0B:
      return "int16";
    case 0x0C:
      return "int32";
    case 0x0D:
      return "float32";
    default:
      return "float64";
  }
}

uint32_t read_be32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
}

// Converts `count` big-endian elements starting at p into T, bit for bit.
template <class T>
std::vector<T> decode(const uint8_t* p, size_t count) {
  using Bits = std::conditional_t<
      sizeof(T) == 1, uint8_t,
      std::conditional_t<sizeof(T) == 2, uint16_t, std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;
  std::vector<T> out(count);
  for (size_t i = 0; i < count; ++i, p += sizeof(T)) {
    Bits bits = 0;
    for (size_t b = 0; b < sizeof(T); ++b) bits = static_cast<Bits>(bits << 8 | p[b]);
    out[i] = std::bit_cast<T>(bits);
  }
  return out;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += 'x';
    s += std::to_string(shape[i]);
  }
  return s;
}

// The element count and byte size a header declares; both saturate at 2^64 - 1, with overflow set,
// when they do not fit: such a size cannot match any file and is reported as truncated.
struct Declared {
  uint64_t count = 0;
  uint64_t bytes = 0;
  bool overflow = false;
};

Declared declared_size(const std::vector<int64_t>& shape, uint64_t element_bytes) {
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  Declared d{.count = std::find(shape.begin(), shape.end(), 0) != shape.end() ? 0u : 1u};
  for (int64_t dim : shape) {
    d.overflow = d.overflow || (d.count != 0 && d.count > max / static_cast<uint64_t>(dim));
    d.count = d.overflow ? max : d.count * static_cast<uint64_t>(dim);
  }
  d.overflow = d.overflow || d.count > max / element_bytes;
  d.bytes = d.overflow ? max : d.count * element_bytes;
  return d;
}

// The payload in native order: bytes are kept as they are, wider types decoded from big-endian.
decltype(IdxArray::values) decode_values(uint8_t type, std::vector<uint8_t>&& bytes, uint64_t count) {
  switch (type) {
    case 0x08:
      return std::move(bytes);
    case 0x09:
      return decode<int8_t>(bytes.data(), count);
    case 0x0B:
      return decode<int16_t>(bytes.data(), count);
    case 0x0C:
      return decode<int32_t>(bytes.data(), count);
    case 0x0D:
      return decode<float>(bytes.data(), count);
    default:
      return decode<double>(bytes.data(), count);
  }
}

}  // namespace

IdxArray read_idx(const std::filesystem::path& path) {
  detail::DataStream in(path);
  const bool gzipped = in.gzipped();
  auto fail = [&path, gzipped](uint64_t offset, const std::string& what) {
    return std::runtime_error(at_byte(path, offset, gzipped, what));
  };
  std::vector<uint8_t> bytes;
  if (in.read(bytes, 4) < 4)
    throw fail(bytes.size(), "truncated: an IDX header needs 4 bytes, the file has " + std::to_string(bytes.size()));
  IdxArray out;
  out.magic = read_be32(bytes.data());
  out.gzipped = gzipped;
  const uint8_t type = bytes[2], ndims = bytes[3];
  if (bytes[0] != 0 || bytes[1] != 0 || element_size(type) == 0)
    throw fail(0, "bad magic " + hex32(out.magic) +
                      ": not an IDX file (expected 00 00, a type byte 08, 09, 0B..0E, and the number of dimensions)");
  if (ndims == 0) throw fail(3, "IDX file with 0 dimensions");
  out.data_offset = 4 + 4 * int64_t{ndims};
  if (in.read(bytes, 4 * uint64_t{ndims}) < 4 * uint64_t{ndims})
    throw fail(bytes.size(), "truncated: the header of " + std::to_string(ndims) + " dimensions needs " +
                                 std::to_string(out.data_offset) + " bytes, the file has " +
                                 std::to_string(bytes.size()));
  for (int d = 0; d < ndims; ++d) out.shape.push_back(read_be32(bytes.data() + 4 + 4 * d));
  const Declared size = declared_size(out.shape, element_size(type));
  const std::string declared = "dimensions " + shape_text(out.shape) + " of " + type_name(type);
  // The payload is read as it arrives, never allocated from the declared size: a header may lie.
  bytes.clear();
  const uint64_t payload = in.read(bytes, size.bytes);
  if (payload < size.bytes)
    throw fail(out.data_offset + payload, "truncated: " + declared + " need " +
                                              (size.overflow ? "more than 2^64" : std::to_string(size.bytes)) +
                                              " data bytes, the file has " + std::to_string(payload));
  // Extra bytes are counted up to a limit: past it the file is wrong anyway, and a gzip bomb would take
  // seconds to count.
  constexpr uint64_t kCounted = uint64_t{1} << 20;
  if (const uint64_t extra = in.skip(kCounted + 1); extra > 0)
    throw fail(out.data_offset + size.bytes,
               (extra > kCounted ? "more than " + std::to_string(kCounted) : std::to_string(extra)) +
                   " bytes after the end of the data declared by " + declared);
  out.values = decode_values(type, std::move(bytes), size.count);
  return out;
}

}  // namespace nabla::data
