// `nabla train --augment` (and --tta, --label-smoothing, --precision): its default in --help, its record in config.json
// and the checkpoint, a config file's value, one error line for each mistake (the item, the sample shape),
// and --resume refusing a change.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include <nabla/io/atomic_file.h>
#include <nabla/tensor/precision.h>

#include "../common/image_fixtures.h"
#include "../common/train_fixtures.h"
#include "cli_runner.h"

namespace nabla::cli {
namespace {

using nlohmann::json;
using testing::run_cli;

struct Images {
  std::filesystem::path dir;
  std::string common;  // one quick epoch on 8×8 grey images, the output folder to follow
};

Images images(const std::string& name) {
  Images im{.dir = train::testing::fresh_dir(name), .common = ""};
  im.common = "train --data " + train::testing::write_image_folder(im.dir).string() +
              " --model 'flatten-linear(2)' --epochs 1 --batch-size 16 --out ";
  return im;
}

json config_of(const std::filesystem::path& run) { return json::parse(io::read_file(run / "config.json")); }

// Runs args, expecting exactly one error line and no run folder at dir/never.
void expect_refused(const std::filesystem::path& dir, const std::string& args, const std::string& message) {
  const auto r = run_cli(args, true);
  EXPECT_NE(r.exit_code, 0) << args;
  EXPECT_EQ(r.output, "error: " + message + "\n") << args;
  EXPECT_FALSE(std::filesystem::exists(dir / "never")) << args << " trained";
}

TEST(AugmentCli, HelpShowsTheFlagAndItsDefault) {
  const auto help = run_cli("train --help");
  EXPECT_NE(help.output.find("--augment TEXT=none"), std::string::npos) << help.output;
  EXPECT_NE(help.output.find("e.g. crop:4,flip,erase:0.5"), std::string::npos) << help.output;
  EXPECT_NE(help.output.find("--precision TEXT=f32"), std::string::npos) << help.output;
}

TEST(AugmentCli, PrecisionIsRecordedAndSaidWhereTheCpuLacksIt) {
  const Images im = images("cli_precision");
  const auto bf16 = run_cli(im.common + (im.dir / "bf16").string() + " --precision bf16", true);
  ASSERT_EQ(bf16.exit_code, 0) << bf16.output;
  EXPECT_EQ(config_of(im.dir / "bf16").at("precision"), "bf16");
  const bool noted = bf16.output.find("note: --precision bf16: this CPU has no bfloat16 instructions (AVX512_BF16 or "
                                      "AMX); the run computes in float32") != std::string::npos;
  EXPECT_EQ(noted, !cpu_has_bf16()) << bf16.output;
  const auto plain = run_cli(im.common + (im.dir / "plain").string(), true);
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  EXPECT_EQ(config_of(im.dir / "plain").at("precision"), "f32");
  expect_refused(im.dir, im.common + (im.dir / "never").string() + " --precision fp16",
                 "--precision: must be one of f32, bf16, not \"fp16\" (did you mean bf16?)");
}

TEST(AugmentCli, ConfigJsonAndTheCheckpointRecordIt) {
  const Images im = images("cli_augment_record");
  const auto augmented = run_cli(im.common + (im.dir / "aug").string() + " --augment crop:2,flip,erase:0.5", true);
  ASSERT_EQ(augmented.exit_code, 0) << augmented.output;
  EXPECT_EQ(config_of(im.dir / "aug").at("augment"), "crop:2,flip,erase:0.5");
  const auto plain = run_cli(im.common + (im.dir / "plain").string(), true);
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  EXPECT_EQ(config_of(im.dir / "plain").at("augment"), "none");
  EXPECT_EQ(config_of(im.dir / "plain").at("tta"), "none");
  EXPECT_EQ(config_of(im.dir / "plain").at("label_smoothing"), 0);
  const auto tta = run_cli(im.common + (im.dir / "tta").string() + " --tta flip --label-smoothing 0.1", true);
  ASSERT_EQ(tta.exit_code, 0) << tta.output;
  EXPECT_EQ(config_of(im.dir / "tta").at("tta"), "flip");
  EXPECT_EQ(config_of(im.dir / "tta").at("label_smoothing"), 0.1);
  const auto exported =
      run_cli("export " + (im.dir / "tta").string() + " --onnx " + (im.dir / "tta.onnx").string(), true);
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_NE(exported.output.find("note: the run scored images with their mirror images (--tta flip)"),
            std::string::npos)
      << exported.output;
  // A config file's value, and a run of that config.json repeats the augmentation.
  io::write_file_atomic(im.dir / "run.json", R"({"augment": "flip"})");
  const auto from_file = run_cli(im.common + (im.dir / "file").string() + " --config " + (im.dir / "run.json").string(), true);
  ASSERT_EQ(from_file.exit_code, 0) << from_file.output;
  EXPECT_EQ(config_of(im.dir / "file").at("augment"), "flip");
  const auto again = run_cli(im.common + (im.dir / "again").string() + " --config " + (im.dir / "aug/config.json").string(), true);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(io::read_file(im.dir / "again/model.safetensors"), io::read_file(im.dir / "aug/model.safetensors"));
  EXPECT_NE(io::read_file(im.dir / "plain/model.safetensors"), io::read_file(im.dir / "aug/model.safetensors"));
  // --resume continues with the checkpoint's augmentation and refuses another.
  const std::string run = (im.dir / "aug").string();
  const auto changed = run_cli("train --resume " + run + " --epochs 2 --augment flip", true);
  EXPECT_NE(changed.exit_code, 0);
  EXPECT_EQ(changed.output, "error: --resume takes the run's own config; only --epochs, --threads and --lr may change\n");
  const auto resumed = run_cli("train --resume " + run + " --epochs 2", true);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(config_of(im.dir / "aug").at("augment"), "crop:2,flip,erase:0.5");
}

TEST(AugmentCli, MistakesNameTheFlagTheItemAndTheShape) {
  const Images im = images("cli_augment_errors");
  const std::string run = im.common + (im.dir / "never").string();
  const std::string grammar =
      "; the items are crop:P (padding >= 1), flip and erase:p (p in [0, 1]), such as crop:4,flip,erase:0.5";
  expect_refused(im.dir, run + " --augment flp", "--augment: unknown augmentation \"flp\" (did you mean flip?)" + grammar);
  expect_refused(im.dir, run + " --augment crop:4,erse:0.5",
                 "--augment: unknown augmentation \"erse\" in \"crop:4,erse:0.5\" (did you mean erase?)" + grammar);
  expect_refused(im.dir, run + " --augment erase:2",
                 "--augment: erase needs its probability, a number in [0, 1] such as erase:0.5, not \"erase:2\"");
  expect_refused(im.dir, run + " --augment crop",
                 "--augment: crop needs its padding, a whole number >= 1 such as crop:4, not \"crop\"");
  expect_refused(im.dir, run + " --augment crop:8",
                 "augment (--augment): crop:8: the padding must be in [1, 7], below the images' height and width, "
                 "for samples of shape [1, 8, 8]");
  io::write_file_atomic(im.dir / "run.json", R"({"augment": "flip,flip"})");
  expect_refused(im.dir, run + " --config " + (im.dir / "run.json").string(),
                 (im.dir / "run.json").string() + ": augment: names flip twice: \"flip,flip\"");
  // Rows of a CSV file are no images.
  const auto csv = train::testing::write_blobs_csv(im.dir);
  expect_refused(im.dir,
                 "train --data " + csv.string() + " --model 'linear(3)' --augment flip --out " + (im.dir / "never").string(),
                 "augment (--augment): needs image samples [C, H, W], not samples of shape [4]");
  // Test-time flips and label smoothing: a misspelt choice, rows that are no images, a loss without classes.
  expect_refused(im.dir, run + " --tta flp", "--tta: must be one of none, flip, not \"flp\" (did you mean flip?)");
  expect_refused(im.dir,
                 "train --data " + csv.string() + " --model 'linear(3)' --tta flip --out " + (im.dir / "never").string(),
                 "tta (--tta): needs image samples [C, H, W], not samples of shape [4]");
  expect_refused(im.dir, run + " --label-smoothing 0.1 --loss mse",
                 "--label-smoothing: smooths the targets of the cross_entropy loss, not mse");
  expect_refused(im.dir, run + " --label-smoothing 1.5", "--label-smoothing: must be a number in [0, 1], not 1.5");
  // lr-find trains no run: it refuses the flag rather than ignore it.
  expect_refused(im.dir, "lr-find --data " + csv.string() + " --augment flip --out " + (im.dir / "never").string(),
                 "--augment: lr-find does not use it: it trains no run; it sweeps the learning rate from --start-lr to "
                 "--end-lr over --steps minibatches");
}

}  // namespace
}  // namespace nabla::cli
