// Small synthetic datasets on disk for training tests: Gaussian blobs as CSV, tiny images as IDX files.
#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include <nabla/tensor/random.h>

namespace nabla::train::testing {

// A fresh, empty folder under the system temp dir, named after `name` and the running test: ctest runs
// each test in its own process, in parallel, so tests of one suite sharing a name must not collide.
inline std::filesystem::path fresh_dir(const std::string& name) {
  std::string unique = "nabla_" + name;
  if (const auto* test = ::testing::UnitTest::GetInstance()->current_test_info())
    unique += std::string("_") + test->test_suite_name() + "_" + test->name();
  const auto dir = std::filesystem::temp_directory_path() / unique;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// `classes` Gaussian blobs in `features` dimensions, `per_class` rows each, label in the last column.
inline std::filesystem::path write_blobs_csv(const std::filesystem::path& dir, int classes = 3, int per_class = 200,
                                             int features = 4, double spread = 0.6, uint64_t seed = 1) {
  Generator gen(seed);
  const auto path = dir / "blobs.csv";
  std::ofstream out(path);
  for (int f = 0; f < features; ++f) out << "x" << f << ",";
  out << "label\n";
  for (int i = 0; i < per_class; ++i)
    for (int c = 0; c < classes; ++c) {
      for (int f = 0; f < features; ++f) out << (f == c % features ? 2.0 : 0.0) + spread * gen.normal() << ",";
      out << c << "\n";
    }
  return path;
}

}  // namespace nabla::train::testing
