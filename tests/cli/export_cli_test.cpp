// `nabla export RUN --onnx FILE`: help, the errors for a missing run or a bad flag, and a trained run
// exported and run in ONNX Runtime on raw inputs, giving nabla's logits.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>
#include <onnx/checker.h>

#include <nabla/autograd/grad_node.h>
#include <nabla/data/csv_reader.h>
#include <nabla/data/normalization.h>
#include <nabla/io/atomic_file.h>
#include <nabla/train/run_model.h>

#include "../onnx/ort_runner.h"
#include "../common/train_fixtures.h"
#include "cli_runner.h"

namespace nabla::cli {
namespace {

using testing::run_cli;

TEST(ExportCli, HelpNamesTheFlagsAndTheDefaultOpset) {
  const auto r = run_cli("export --help");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("--onnx"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--opset"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("in [11 - 17]=17"), std::string::npos) << r.output;
  EXPECT_NE(run_cli("--help").output.find("export"), std::string::npos);
}

TEST(ExportCli, MissingRunFolderIsNamed) {
  const auto dir = train::testing::fresh_dir("cli_export_missing");
  const auto r = run_cli("export " + (dir / "nowhere").string() + " --onnx " + (dir / "m.onnx").string(), true);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output.rfind("error: " + (dir / "nowhere").string() + ": no such folder; a run folder, written by", 0), 0u)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "m.onnx"));
  const auto empty = run_cli("export " + dir.string() + " --onnx " + (dir / "m.onnx").string(), true);
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_EQ(empty.output.rfind("error: " + dir.string() + " is not a run folder: it has no config.json, data.json, "
                               "model.safetensors; a run folder",
                               0),
            0u)
      << empty.output;
}

TEST(ExportCli, BadOrMissingFlagsAreRefused) {
  const auto dir = train::testing::fresh_dir("cli_export_flags");
  const std::string base = "export " + dir.string() + " --onnx " + (dir / "m.onnx").string();
  for (const char* opset : {"10", "18", "x"}) {
    const auto r = run_cli(base + " --opset " + opset, true);
    EXPECT_NE(r.exit_code, 0) << opset;
    EXPECT_EQ(r.output, std::string("error: --opset: Value ") + opset + " not in range 11 to 17\n");
  }
  const auto no_file = run_cli("export " + dir.string(), true);
  EXPECT_NE(no_file.exit_code, 0);
  EXPECT_EQ(no_file.output, "error: --onnx is required\n");
}

// The run's model, after its standardisation (if any), applied by nabla to raw features.
Tensor nabla_logits(const std::filesystem::path& run_dir, const data::LabeledData& raw) {
  const train::RunModel run = train::load_run_model(run_dir);
  data::LabeledData standardized = raw;
  if (!run.normalization.mean.empty()) data::apply_normalization(standardized, run.normalization);
  NoGradGuard no_grad;
  return (*run.model)(Tensor::from_vector(standardized.features, {raw.size(), raw.sample_size()}));
}

// A run trained with --normalize true on features of different scales, exported with the default
// opset: ONNX Runtime on the raw features gives nabla's logits, and the metadata names the classes.
TEST(ExportCli, TrainedRunRunsInOnnxRuntimeOnRawInputs) {
  REQUIRE_ORT();
  const auto dir = train::testing::fresh_dir("cli_export_run");
  const auto csv = train::testing::write_blobs_csv(dir, 3, 100, 4, 0.6, 2);
  ASSERT_EQ(run_cli("train --data " + csv.string() + " --model 'linear(8)-batchnorm-relu-dropout-linear(3)' "
                    "--normalize true --epochs 3 --out " + (dir / "run").string()).exit_code, 0);
  const auto file = dir / "model.onnx";
  const auto r = run_cli("export " + (dir / "run").string() + " --onnx " + file.string(), true);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "written to " + file.string() + " (opset 17, input [batch, 4], 3 classes)\n");
  ::onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(io::read_file(file)));
  ::onnx::checker::check_model(model);
  EXPECT_EQ(model.opset_import(0).version(), 17);
  ASSERT_EQ(model.metadata_props_size(), 1);
  EXPECT_EQ(model.metadata_props(0).value(), R"(["0","1","2"])");
  EXPECT_NE(model.doc_string().find("linear(8)-batchnorm-relu-dropout-linear(3)"), std::string::npos);

  const data::LabeledData raw = data::load_csv(csv);
  const Tensor x = Tensor::from_vector(raw.features, {raw.size(), raw.sample_size()});
  const Tensor ort = onnx::testing::run_ort(file, x, dir).output;
  EXPECT_LE(onnx::testing::max_abs_diff(ort, nabla_logits(dir / "run", raw)), 1e-5);
}

// A binary loss: one logit per sample, and --opset chooses the operator set.
TEST(ExportCli, BinaryRunExportsOneLogit) {
  REQUIRE_ORT();
  const auto dir = train::testing::fresh_dir("cli_export_binary");
  const auto csv = train::testing::write_blobs_csv(dir, 2, 100, 3, 0.6, 3);
  ASSERT_EQ(run_cli("train --data " + csv.string() + " --model 'linear(1)' --loss bce --epochs 2 --out " +
                    (dir / "run").string()).exit_code, 0);
  const auto file = dir / "binary.onnx";
  ASSERT_EQ(run_cli("export " + (dir / "run").string() + " --onnx " + file.string() + " --opset 13").exit_code, 0);
  ::onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(io::read_file(file)));
  EXPECT_EQ(model.opset_import(0).version(), 13);
  const data::LabeledData raw = data::load_csv(csv);
  const Tensor x = Tensor::from_vector(raw.features, {raw.size(), raw.sample_size()});
  const Tensor ort = onnx::testing::run_ort(file, x, dir).output;
  EXPECT_EQ(ort.shape(), (Shape{raw.size(), 1}));
  EXPECT_LE(onnx::testing::max_abs_diff(ort, nabla_logits(dir / "run", raw)), 1e-5);
}

}  // namespace
}  // namespace nabla::cli
