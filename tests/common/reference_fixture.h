// Reading a JSON fixture of tests/reference, and comparing tensors with the largest difference reported.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include <nabla/tensor/tensor.h>

#include "test_paths.h"

namespace nabla::test {

// Parses tests/reference/<name>; throws naming the file when it is missing.
inline nlohmann::json read_fixture(const std::string& name) {
  std::ifstream in(std::string(nabla::test::reference_dir()) + "/" + name);
  if (!in) throw std::runtime_error("cannot open " + name + " in " + nabla::test::reference_dir());
  return nlohmann::json::parse(in);
}

// {"shape": [...], "data": [...]} as a float64 tensor (or int64 when asked).
inline Tensor tensor_from(const nlohmann::json& j, DType dtype = DType::f64) {
  const Shape shape = j.at("shape").get<Shape>();
  if (dtype == DType::i64) return Tensor::from_vector(j.at("data").get<std::vector<int64_t>>(), shape);
  return Tensor::from_vector(j.at("data").get<std::vector<double>>(), shape).to(dtype);
}

// Every element within tol; on failure prints expected and actual side by side and the largest difference.
inline void expect_close(const Tensor& actual, const Tensor& expected, double tol, const std::string& what) {
  ASSERT_EQ(actual.shape(), expected.shape()) << what;
  const std::vector<double> a = actual.to_vector<double>(), e = expected.to_vector<double>();
  double worst = 0;
  std::ostringstream table;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double d = std::abs(a[i] - e[i]);
    worst = std::max(worst, std::isnan(d) ? INFINITY : d);
    if (d > tol || std::isnan(d)) table << "  [" << i << "] expected " << e[i] << "  actual " << a[i] << "\n";
  }
  EXPECT_LE(worst, tol) << what << ": largest difference " << worst << " (tolerance " << tol << ")\n" << table.str();
}

}  // namespace nabla::test
