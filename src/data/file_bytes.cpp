// Whole-file reading through DataStream, and the error formats of the data readers.
#include "file_bytes.h"

#include <cstdint>
#include <cstdio>

#include "data_stream.h"

namespace nabla::data::detail {

FileBytes read_file_bytes(const std::filesystem::path& path) {
  DataStream in(path);
  FileBytes out{.bytes = {}, .gzipped = in.gzipped()};
  in.read(out.bytes, UINT64_MAX);
  return out;
}

std::string at_byte(const std::filesystem::path& path, uint64_t offset, bool gzipped, const std::string& what) {
  return path.string() + ": byte " + std::to_string(offset) + (gzipped ? " of the decompressed data" : "") + ": " +
         what;
}

std::string hex32(uint32_t v) {
  char buf[11];
  std::snprintf(buf, sizeof buf, "0x%08X", v);
  return buf;
}

std::string at_line(const std::filesystem::path& path, int64_t line, const std::string& what) {
  return path.string() + ":" + std::to_string(line) + ": " + what;
}

}  // namespace nabla::data::detail
