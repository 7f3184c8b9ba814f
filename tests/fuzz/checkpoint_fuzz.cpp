// Fuzzes load_checkpoint on the input as a run folder's checkpoint.safetensors, then reads its config
// as `nabla train --resume` does.
#include <nabla/train/checkpoint.h>
#include <nabla/train/train_config.h>

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nabla::train;
  const auto path = nabla::fuzz::write_file("run/checkpoint.safetensors", data, size);
  nabla::fuzz::expect_clean_errors([&] { (void)config_from_json(load_checkpoint(path.parent_path()).config); });
  return 0;
}
