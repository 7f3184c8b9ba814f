// Whole-file reading with transparent gunzip through zlib's inflate.
#include "file_bytes.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace nabla::data::detail {
namespace {

bool has_gzip_magic(const std::vector<uint8_t>& b, size_t pos) {
  return b.size() >= pos + 2 && b[pos] == 0x1f && b[pos + 1] == 0x8b;
}

// Closes the inflate stream on every exit path.
struct InflateStream {
  z_stream z{};
  InflateStream(const InflateStream&) = delete;
  InflateStream& operator=(const InflateStream&) = delete;
  explicit InflateStream(const std::filesystem::path& path) {
    // 16 + MAX_WBITS: expect a gzip header and trailer around the deflate data.
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
      throw std::runtime_error(path.string() + ": cannot start zlib inflate");
  }
  ~InflateStream() { inflateEnd(&z); }
};

// Decompresses all gzip members of `in` (`cat a.gz b.gz` is a valid gzip file).
std::vector<uint8_t> gunzip(const std::vector<uint8_t>& in, const std::filesystem::path& path) {
  // The last four bytes (ISIZE) hold the uncompressed size modulo 2^32: a good first capacity. A truncated
  // file ends in arbitrary bytes, so the guess is capped at deflate's largest ratio, about 1032:1.
  size_t n = in.size();
  size_t isize =
      n >= 4 ? (size_t{in[n - 4]} | size_t{in[n - 3]} << 8 | size_t{in[n - 2]} << 16 | size_t{in[n - 1]} << 24) : 0;
  std::vector<uint8_t> out(std::max<size_t>({std::min(isize, 1032 * n), 2 * n, 4096}));
  InflateStream s(path);
  size_t in_pos = 0, out_pos = 0;
  const size_t chunk = UINT_MAX;  // zlib counts in uInt
  for (;;) {
    if (out_pos == out.size()) out.resize(2 * out.size());
    s.z.next_in = const_cast<Bytef*>(in.data() + in_pos);
    s.z.avail_in = static_cast<uInt>(std::min(n - in_pos, chunk));
    s.z.next_out = out.data() + out_pos;
    s.z.avail_out = static_cast<uInt>(std::min(out.size() - out_pos, chunk));
    uInt avail_in = s.z.avail_in, avail_out = s.z.avail_out;
    int rc = inflate(&s.z, Z_NO_FLUSH);
    in_pos += avail_in - s.z.avail_in;
    out_pos += avail_out - s.z.avail_out;
    if (rc == Z_STREAM_END) {
      if (in_pos == n) break;
      if (!has_gzip_magic(in, in_pos))
        throw std::runtime_error(at_byte(path, in_pos, false, "unexpected data after the end of the gzip stream"));
      inflateReset(&s.z);
    } else if (rc == Z_BUF_ERROR && in_pos == n) {
      throw std::runtime_error(at_byte(path, n, false, "gzip data ends early (truncated file)"));
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      std::string msg = s.z.msg ? s.z.msg : "zlib error " + std::to_string(rc);
      throw std::runtime_error(at_byte(path, in_pos, false, "corrupt gzip data: " + msg));
    }
  }
  out.resize(out_pos);
  return out;
}

}  // namespace

FileBytes read_file_bytes(const std::filesystem::path& path) {
  // A directory opens as a stream on Linux and then reports a nonsense size.
  if (std::filesystem::is_directory(path)) throw std::runtime_error(path.string() + ": is a directory, not a file");
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) throw std::runtime_error(path.string() + ": cannot open file");
  std::streamoff size = file.tellg();
  if (size < 0) throw std::runtime_error(path.string() + ": cannot determine the file size");
  std::vector<uint8_t> raw(static_cast<size_t>(size));
  file.seekg(0);
  if (!file.read(reinterpret_cast<char*>(raw.data()), size)) throw std::runtime_error(path.string() + ": read error");
  if (!has_gzip_magic(raw, 0)) return {std::move(raw), false};
  return {gunzip(raw, path), true};
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
