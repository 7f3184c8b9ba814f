// The fixtures of tests/reference/loss_fixtures.json, read once.
#pragma once
#include "../common/reference_fixture.h"

namespace nabla::loss::test {

using nabla::test::expect_close;
using nabla::test::tensor_from;

inline const nlohmann::json& fixtures() {
  static const nlohmann::json j = nabla::test::read_fixture("loss_fixtures.json");
  return j;
}

}  // namespace nabla::loss::test
