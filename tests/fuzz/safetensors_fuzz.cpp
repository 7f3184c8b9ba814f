// Fuzzes load_safetensors with its metadata on the input as a file.
#include <nabla/train/safetensors.h>

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto path = nabla::fuzz::write_file("model.safetensors", data, size);
  std::map<std::string, std::string> metadata;
  nabla::fuzz::expect_clean_errors([&] { (void)nabla::train::load_safetensors(path, &metadata); });
  return 0;
}
