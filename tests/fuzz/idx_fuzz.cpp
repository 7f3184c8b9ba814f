// Fuzzes the IDX reader on files as they are: read_idx of the whole input (plain, or gzip when it
// starts with 1f 8b), and load_idx_pair of the input cut in two after the 2-byte cut position.
#include <nabla/data/idx_reader.h>

#include <algorithm>

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nabla;
  fuzz::expect_clean_errors([&] { (void)data::read_idx(fuzz::write_file("whole.idx", data, size)); });
  if (size < 2) return 0;
  const size_t cut = std::min<size_t>(size - 2, data[0] | size_t{data[1]} << 8);
  const auto images = fuzz::write_file("images.idx", data + 2, cut);
  const auto labels = fuzz::write_file("labels.idx", data + 2 + cut, size - 2 - cut);
  fuzz::expect_clean_errors([&] { (void)data::load_idx_pair(images, labels); });
  fuzz::expect_clean_errors([&] { (void)data::load_idx_pair(images, labels, 10); });
  return 0;
}
