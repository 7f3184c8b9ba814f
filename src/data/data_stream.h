// A data file read front to back, gunzipped on the fly, so that readers check what a header declares
// against the bytes that actually arrive instead of allocating what the header claims.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

namespace nabla::data::detail {

// The most data a gzipped file may decompress to. Deflate expands up to 1032:1, so without a bound an
// 8 MB file could demand 8 GB; every dataset nabla is meant for is far below this.
inline constexpr uint64_t kMaxGunzippedBytes = uint64_t{4} << 30;

class DataStream {
 public:
  // Opens path; it is gunzipped when it starts with the gzip magic bytes 1f 8b, whatever its name.
  // Throws std::runtime_error naming the file when it is a directory or cannot be opened.
  explicit DataStream(const std::filesystem::path& path);
  DataStream(const DataStream&) = delete;
  DataStream& operator=(const DataStream&) = delete;
  ~DataStream();

  // Appends up to n more bytes of the data to out, growing it only as bytes arrive, and returns how many
  // came: fewer than n only at the end of the data. Throws std::runtime_error naming the file and the
  // byte offset in the compressed file for corrupt or truncated gzip data, or more than kMaxGunzippedBytes.
  uint64_t read(std::vector<uint8_t>& out, uint64_t n);

  // Reads past up to n more bytes without keeping them; returns how many there were.
  uint64_t skip(uint64_t n);

  [[nodiscard]] bool gzipped() const { return gunzip_ != nullptr; }

 private:
  struct Gunzip;
  uint64_t read_raw(uint8_t* to, uint64_t n);
  uint64_t inflate_into(uint8_t* to, uint64_t n);
  void refill();
  void start_next_member();

  std::filesystem::path path_;
  std::ifstream file_;
  uint64_t file_size_ = 0;
  uint64_t raw_pos_ = 0;            // plain files: bytes read so far
  std::unique_ptr<Gunzip> gunzip_;  // gzipped files: zlib's state and the compressed input
};

}  // namespace nabla::data::detail
