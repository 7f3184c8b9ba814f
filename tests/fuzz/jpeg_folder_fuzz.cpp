// Fuzzes load_image_folder on two class folders of JPEG files made from the input: byte 0 picks the
// channels, bytes 1-2 where the input is cut into a/x.jpg and b/y.jpg.
#include <nabla/data/image_folder.h>

#include <algorithm>
#include <array>

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nabla;
  if (size < 3) return 0;
  const int64_t channels = std::array<int64_t, 3>{0, 1, 3}[data[0] % 3];
  const size_t rest = size - 3;
  const size_t cut = std::min<size_t>(rest, data[1] | size_t{data[2]} << 8);
  const std::filesystem::path root = fuzz::scratch_dir() / "images";
  std::filesystem::remove_all(root);
  (void)fuzz::write_file("images/a/x.jpg", data + 3, cut);
  (void)fuzz::write_file("images/b/y.jpg", data + 3 + cut, rest - cut);
  fuzz::expect_clean_errors([&] { (void)data::load_image_folder(root, {.channels = channels}); });
  return 0;
}
