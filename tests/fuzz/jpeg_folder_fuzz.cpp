// Fuzzes load_image_folder on two class folders of JPEG files made from the input: byte 0 picks the
// channels, bytes 1-2 where the input is cut into a/x.jpg and b/y.jpg.
#include <nabla/data/image_folder.h>

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nabla;
  const auto input = fuzz::split_two_images(data, size);
  if (!input) return 0;
  const std::filesystem::path root = fuzz::empty_scratch_folder("images");
  (void)fuzz::write_file("images/a/x.jpg", input->first, input->first_size);
  (void)fuzz::write_file("images/b/y.jpg", input->second, input->second_size);
  fuzz::expect_clean_errors([&] { (void)data::load_image_folder(root, {.channels = input->channels}); });
  return 0;
}
