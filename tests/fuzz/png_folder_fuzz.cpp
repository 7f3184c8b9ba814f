// Fuzzes load_image_folder on two class folders made from the input: byte 0 picks the channels, bytes
// 1-2 where the input is cut into a/x.png and b/y.png. Chunk CRCs are recomputed, so that mutations
// reach libpng's decoder and nabla's size checks instead of stopping at a checksum.
#include <nabla/data/image_folder.h>
#include <zlib.h>

#include <vector>

#include "fuzz_input.h"

namespace {

// The bytes with the CRC of every complete chunk after the 8-byte signature set right.
std::vector<uint8_t> with_valid_crcs(const uint8_t* data, size_t size) {
  std::vector<uint8_t> out(data, data + size);
  size_t pos = 8;
  while (pos + 12 <= out.size()) {
    const uint32_t length = uint32_t{out[pos]} << 24 | uint32_t{out[pos + 1]} << 16 | uint32_t{out[pos + 2]} << 8 |
                            uint32_t{out[pos + 3]};
    if (length > out.size() - pos - 12) break;
    const uint32_t crc = static_cast<uint32_t>(crc32(0, out.data() + pos + 4, length + 4));
    const size_t at = pos + 8 + length;
    for (int b = 0; b < 4; ++b) out[at + b] = static_cast<uint8_t>(crc >> (24 - 8 * b));
    pos = at + 4;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nabla;
  const auto input = fuzz::split_two_images(data, size);
  if (!input) return 0;
  const std::filesystem::path root = fuzz::empty_scratch_folder("images");
  const std::vector<uint8_t> first = with_valid_crcs(input->first, input->first_size);
  const std::vector<uint8_t> second = with_valid_crcs(input->second, input->second_size);
  (void)fuzz::write_file("images/a/x.png", first.data(), first.size());
  (void)fuzz::write_file("images/b/y.png", second.data(), second.size());
  fuzz::expect_clean_errors([&] { (void)data::load_image_folder(root, {.channels = input->channels}); });
  return 0;
}
