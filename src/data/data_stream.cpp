// DataStream: plain reads, or zlib's inflate over a sliding window of the compressed file.
#include "data_stream.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "file_bytes.h"

namespace nabla::data::detail {
namespace {

constexpr uint64_t kStep = uint64_t{1} << 20;  // bytes appended per step, so a buffer grows only as data arrives
constexpr size_t kWindow = size_t{1} << 16;    // compressed bytes held at a time

}  // namespace

struct DataStream::Gunzip {
  z_stream z{};
  std::vector<uint8_t> in = std::vector<uint8_t>(kWindow);
  uint64_t in_offset = 0;  // offset in the file of in[0]
  uint64_t total_out = 0;
  bool ended = false;  // past the last gzip member (`cat a.gz b.gz` is a valid gzip file)

  explicit Gunzip(const std::filesystem::path& path) {
    // 16 + MAX_WBITS: expect a gzip header and trailer around the deflate data.
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
      throw std::runtime_error(path.string() + ": cannot start zlib inflate");
    z.next_in = in.data();
  }
  Gunzip(const Gunzip&) = delete;
  Gunzip& operator=(const Gunzip&) = delete;
  ~Gunzip() { inflateEnd(&z); }
  [[nodiscard]] uint64_t offset() const { return in_offset + static_cast<uint64_t>(z.next_in - in.data()); }
};

DataStream::DataStream(const std::filesystem::path& path) : path_(path) {
  // A directory opens as a stream on Linux and then reads as nonsense.
  if (std::filesystem::is_directory(path)) throw std::runtime_error(path.string() + ": is a directory, not a file");
  file_.open(path, std::ios::binary | std::ios::ate);
  if (!file_) throw std::runtime_error(path.string() + ": cannot open file");
  const std::streamoff size = file_.tellg();
  file_size_ = size > 0 ? static_cast<uint64_t>(size) : 0;  // only a capacity hint: 0 when unknown
  file_.seekg(0);
  unsigned char magic[2] = {};
  file_.read(reinterpret_cast<char*>(magic), 2);
  const bool is_gzip = file_.gcount() == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  file_.clear();
  file_.seekg(0);
  if (is_gzip) gunzip_ = std::make_unique<Gunzip>(path);
}

DataStream::~DataStream() = default;

uint64_t DataStream::read(std::vector<uint8_t>& out, uint64_t n) {
  // A plain file cannot hold more than its size: reserve that much at once instead of growing step by step.
  if (!gunzip_) out.reserve(out.size() + std::min(n, file_size_ - std::min(file_size_, raw_pos_)));
  uint64_t got = 0;
  while (got < n) {
    const uint64_t want = std::min(n - got, kStep);
    const size_t old = out.size();
    out.resize(old + want);
    const uint64_t came = gunzip_ ? inflate_into(out.data() + old, want) : read_raw(out.data() + old, want);
    out.resize(old + came);
    got += came;
    if (came < want) break;
  }
  return got;
}

uint64_t DataStream::skip(uint64_t n) {
  std::vector<uint8_t> scratch;
  uint64_t total = 0;
  while (total < n) {
    scratch.clear();
    const uint64_t want = std::min(n - total, kStep);
    const uint64_t came = read(scratch, want);
    total += came;
    if (came < want) break;
  }
  return total;
}

uint64_t DataStream::read_raw(uint8_t* to, uint64_t n) {
  file_.read(reinterpret_cast<char*>(to), static_cast<std::streamsize>(n));
  if (file_.bad()) throw std::runtime_error(path_.string() + ": read error");
  const auto came = static_cast<uint64_t>(file_.gcount());
  raw_pos_ += came;
  return came;
}

uint64_t DataStream::inflate_into(uint8_t* to, uint64_t n) {
  Gunzip& g = *gunzip_;
  g.z.next_out = to;
  g.z.avail_out = static_cast<uInt>(n);  // n <= kStep fits zlib's uInt
  while (g.z.avail_out > 0 && !g.ended) {
    if (g.z.avail_in == 0) refill();
    if (g.z.avail_in == 0)
      throw std::runtime_error(at_byte(path_, g.offset(), false, "gzip data ends early (truncated file)"));
    const int rc = inflate(&g.z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      start_next_member();
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      const std::string msg = g.z.msg ? g.z.msg : "zlib error " + std::to_string(rc);
      throw std::runtime_error(at_byte(path_, g.offset(), false, "corrupt gzip data: " + msg));
    }
  }
  const uint64_t came = n - g.z.avail_out;
  g.total_out += came;
  if (g.total_out > kMaxGunzippedBytes)
    throw std::runtime_error(at_byte(path_, g.offset(), false,
                                     "the gzip data decompresses to more than " +
                                         std::to_string(kMaxGunzippedBytes >> 30) +
                                         " GiB, the most nabla reads from one file"));
  return came;
}

// Moves the unread compressed bytes to the front of the window and fills the rest from the file.
void DataStream::refill() {
  Gunzip& g = *gunzip_;
  std::memmove(g.in.data(), g.z.next_in, g.z.avail_in);
  g.in_offset = g.offset();
  file_.read(reinterpret_cast<char*>(g.in.data() + g.z.avail_in),
             static_cast<std::streamsize>(g.in.size() - g.z.avail_in));
  if (file_.bad()) throw std::runtime_error(path_.string() + ": read error");
  g.z.next_in = g.in.data();
  g.z.avail_in += static_cast<uInt>(file_.gcount());
}

// After a gzip member: the end of the file, or the magic bytes of the next member.
void DataStream::start_next_member() {
  Gunzip& g = *gunzip_;
  if (g.z.avail_in < 2) refill();
  if (g.z.avail_in == 0) {
    g.ended = true;
    return;
  }
  if (g.z.avail_in < 2 || g.z.next_in[0] != 0x1f || g.z.next_in[1] != 0x8b)
    throw std::runtime_error(at_byte(path_, g.offset(), false, "unexpected data after the end of the gzip stream"));
  inflateReset(&g.z);
}

}  // namespace nabla::data::detail
