// Shared by the metrics tests: the scikit-learn fixture and element-wise comparisons against it.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <fstream>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../common/test_paths.h"

namespace nabla::metrics::test {

// Agreement asked of every figure against scikit-learn.
inline constexpr double kTolerance = 1e-12;

// tests/reference/metrics_fixtures.json, written by make_metrics_fixtures.py.
inline const nlohmann::json& fixture() {
  static const nlohmann::json data = [] {
    std::ifstream in(std::string(nabla::test::reference_dir()) + "/metrics_fixtures.json");
    if (!in) throw std::runtime_error("metrics_fixtures.json: cannot open");
    return nlohmann::json::parse(in);
  }();
  return data;
}

// A JSON number, with null standing for NaN (JSON has none).
inline double number(const nlohmann::json& value) {
  return value.is_null() ? std::numeric_limits<double>::quiet_NaN() : value.get<double>();
}

// Every element within kTolerance (NaN only against NaN); on failure prints the first bad index
// and the largest difference, expected beside actual.
inline void expect_all_near(const nlohmann::json& expected, std::span<const double> actual,
                            const std::string& what) {
  ASSERT_EQ(expected.size(), actual.size()) << what << ": lengths differ";
  double worst = 0.0;
  std::size_t first_bad = actual.size();
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double want = number(expected[i]);
    const bool both_nan = std::isnan(want) && std::isnan(actual[i]);
    const double diff = both_nan ? 0.0 : std::abs(want - actual[i]);
    if (!(diff <= kTolerance) && first_bad == actual.size()) first_bad = i;
    if (diff > worst || std::isnan(diff)) worst = diff;
  }
  EXPECT_EQ(first_bad, actual.size())
      << what << "[" << first_bad << "]: expected " << number(expected[first_bad]) << ", got "
      << actual[first_bad] << " (largest difference " << worst << ")";
}

inline void expect_near(const nlohmann::json& expected, double actual, const std::string& what) {
  const double want = number(expected);
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(actual)) << what << ": expected NaN, got " << actual;
  } else {
    EXPECT_NEAR(want, actual, kTolerance) << what;
  }
}

}  // namespace nabla::metrics::test
