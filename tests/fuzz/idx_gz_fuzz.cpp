// Fuzzes the IDX reader through valid gzip streams: the input after its first byte is the decompressed
// content, written as one gzip member or two (split where the first byte says), or cut short.
#include <nabla/data/idx_reader.h>
#include <zlib.h>

#include <algorithm>
#include <vector>

#include "fuzz_input.h"

namespace {

std::vector<uint8_t> gzip(const uint8_t* data, size_t size) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::vector<uint8_t> out(deflateBound(&z, size) + 32);
  z.next_in = const_cast<Bytef*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const uint8_t* content = data + 1;
  const size_t length = size - 1;
  std::vector<uint8_t> file;
  if (mode & 1) {  // two members: `cat a.gz b.gz` is one valid gzip file
    const size_t split = length == 0 ? 0 : (mode >> 2) % (length + 1);
    file = gzip(content, split);
    const std::vector<uint8_t> second = gzip(content + split, length - split);
    file.insert(file.end(), second.begin(), second.end());
  } else {
    file = gzip(content, length);
  }
  if (mode & 2) file.resize(file.size() - std::min<size_t>(file.size() - 2, 1 + (mode >> 2)));  // truncated
  const auto path = nabla::fuzz::write_file("data.idx.gz", file.data(), file.size());
  nabla::fuzz::expect_clean_errors([&] { (void)nabla::data::read_idx(path); });
  return 0;
}
