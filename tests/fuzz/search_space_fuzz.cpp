// Fuzzes `nabla search --space`: read_search_space, then what a search does with a space: the first grid
// points, seeded random draws, each applied to a config, and the space written back as JSON.
#include <nabla/tune/search_space.h>

#include <cstdio>
#include <cstdlib>

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nabla::tune;
  const auto path = nabla::fuzz::write_file("space.json", data, size);
  nabla::fuzz::expect_clean_errors([&] {
    const SearchSpace space = read_search_space(path);
    if (to_json(parse_search_space(to_json(space))) != to_json(space)) {
      std::fprintf(stderr, "space does not survive a JSON round trip: %s\n", to_json(space).dump().c_str());
      std::abort();
    }
    for (const nlohmann::json& point : random_points(space, 4, size)) (void)apply_point({}, space, point);
    for (const nlohmann::json& point : grid_points(space, 16)) (void)apply_point({}, space, point);
  });
  return 0;
}
