// Runs an exported model in ONNX Runtime (node + onnxruntime-node, CPU) through tests/onnx/run_ort.js,
// and compares its outputs with nabla's. scripts/setup.sh installs both; where one is missing the tests
// skip, unless NABLA_REQUIRE_TORCH=1 (CI, which installs the reference tools) makes that a failure.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>
#include <onnx/onnx_pb.h>

#include <nabla/io/atomic_file.h>
#include <nabla/tensor/tensor.h>

#include "../common/test_paths.h"

namespace nabla::onnx::testing {

// node on the PATH can load onnxruntime-node from tests/onnx/node_modules.
inline bool ort_available() {
  const std::string dir = std::string(nabla::test::source_dir()) + "/tests/onnx";
  return std::system(("cd '" + dir + "' && node -e \"require('onnxruntime-node')\" >/dev/null 2>&1").c_str()) == 0;
}

// Skips where node or ONNX Runtime is missing, unless NABLA_REQUIRE_TORCH=1 makes that a failure.
#define REQUIRE_ORT()                                                                                    \
  do {                                                                                                   \
    if (::nabla::onnx::testing::ort_available()) break;                                                  \
    if (const char* r = std::getenv("NABLA_REQUIRE_TORCH"); r && std::string(r) == "1")                 \
      FAIL() << "NABLA_REQUIRE_TORCH=1 but node cannot load onnxruntime-node (run scripts/setup.sh)";    \
    GTEST_SKIP() << "node with onnxruntime-node in tests/onnx/node_modules (scripts/setup.sh) is missing"; \
  } while (false)

struct OrtRun {
  Tensor output;
  nlohmann::json info;  // run_ort.js's line: dims, inputs and outputs as the runtime reads them
};

// The model in file applied to x (float32) by ONNX Runtime; dir holds the exchanged files.
inline OrtRun run_ort(const std::filesystem::path& file, const Tensor& x, const std::filesystem::path& dir) {
  const std::filesystem::path script = std::filesystem::path(nabla::test::source_dir()) / "tests/onnx/run_ort.js";
  if (std::system("command -v node >/dev/null 2>&1") != 0)
    throw std::runtime_error("ONNX Runtime checks need node on the PATH (scripts/setup.sh installs it)");
  const std::vector<float> values = x.to_vector<float>();
  std::ofstream(dir / "ort_input.f32", std::ios::binary)
      .write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(float)));
  std::string dims;
  for (int64_t d : x.shape()) dims.append(dims.empty() ? "" : ",").append(std::to_string(d));
  const std::string cmd = "node " + script.string() + " " + file.string() + " " + (dir / "ort_input.f32").string() +
                          " " + dims + " " + (dir / "ort_output.f32").string() + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run: " + cmd);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  if (pclose(pipe) != 0) throw std::runtime_error("ONNX Runtime failed (" + cmd + "): " + out);
  OrtRun run{.output = {}, .info = nlohmann::json::parse(out)};
  const std::string bytes = io::read_file(dir / "ort_output.f32");
  std::vector<float> y(bytes.size() / sizeof(float));
  std::memcpy(y.data(), bytes.data(), y.size() * sizeof(float));
  run.output = Tensor::from_vector(y, run.info.at("dims").get<Shape>());
  return run;
}

// The same for a model held in memory, written to dir/model.onnx first.
inline OrtRun run_ort(const ::onnx::ModelProto& model, const Tensor& x, const std::filesystem::path& dir) {
  std::string bytes;
  if (!model.SerializeToString(&bytes)) throw std::runtime_error("cannot serialise the ONNX model");
  io::write_file_atomic(dir / "model.onnx", bytes);
  return run_ort(dir / "model.onnx", x, dir);
}

// max |a − b| over every element (infinity when one is NaN); throws when the shapes differ.
inline double max_abs_diff(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape())
    throw std::invalid_argument("max_abs_diff: shapes " + shape_str(a.shape()) + " and " + shape_str(b.shape()));
  const std::vector<double> x = a.to_vector<double>(), y = b.to_vector<double>();
  double worst = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double d = std::abs(x[i] - y[i]);
    if (std::isnan(d)) return std::numeric_limits<double>::infinity();
    worst = std::max(worst, d);
  }
  return worst;
}

}  // namespace nabla::onnx::testing
