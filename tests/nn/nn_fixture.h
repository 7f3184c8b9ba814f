// The fixtures of tests/reference/nn_fixtures.json, read once.
#pragma once
#include "../common/reference_fixture.h"

namespace nabla::nn::test {

using nabla::test::expect_close;
using nabla::test::tensor_from;

inline const nlohmann::json& fixtures() {
  static const nlohmann::json j = nabla::test::read_fixture("nn_fixtures.json");
  return j;
}

}  // namespace nabla::nn::test
