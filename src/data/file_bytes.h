// Whole-file reading with transparent gunzip, and the error formats shared by the data readers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nabla::data::detail {

// The content of a file, decompressed when it starts with the gzip magic bytes 1f 8b.
struct FileBytes {
  std::vector<uint8_t> bytes;
  bool gzipped = false;
};

// Reads the whole file; throws std::runtime_error naming the file when it cannot be opened or its
// gzip stream is truncated, corrupt or too large (see DataStream::read).
[[nodiscard]] FileBytes read_file_bytes(const std::filesystem::path& path);

// "<path>: byte <offset>: <what>", saying "of the decompressed data" for gzipped files.
[[nodiscard]] std::string at_byte(const std::filesystem::path& path, uint64_t offset, bool gzipped,
                                  const std::string& what);

// "0x%08X", as IDX magic numbers are written.
[[nodiscard]] std::string hex32(uint32_t v);

// "<path>:<line>: <what>".
[[nodiscard]] std::string at_line(const std::filesystem::path& path, int64_t line, const std::string& what);

}  // namespace nabla::data::detail
