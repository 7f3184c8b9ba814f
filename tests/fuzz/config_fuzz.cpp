// Fuzzes the config file path of `nabla train --config`: read_config_file, then config_from_json; a
// config that parses must come back unchanged through to_json.
#include <nabla/train/train_config.h>

#include <cstdio>
#include <cstdlib>

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nabla::train;
  const auto path = nabla::fuzz::write_file("run.json", data, size);
  nabla::fuzz::expect_clean_errors([&] {
    const TrainConfig config = config_from_json(read_config_file(path));
    if (to_json(config_from_json(to_json(config))) != to_json(config)) {
      std::fprintf(stderr, "config does not survive a JSON round trip: %s\n", to_json(config).dump().c_str());
      std::abort();
    }
  });
  return 0;
}
