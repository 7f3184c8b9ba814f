// `nabla export RUN --onnx FILE [--opset N]`: writes a trained run's model as an ONNX file that takes
// the raw inputs nabla reads (the run's standardisation inside the graph) and outputs logits.
#include <iostream>
#include <stdexcept>

#include <nabla/io/atomic_file.h>
#include <nabla/nn/model_spec.h>
#include <nabla/onnx/onnx_export.h>
#include <nabla/train/run_model.h>

#include "commands.h"
#include "run_folder.h"

namespace nabla::cli {

void add_export_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  auto opset = std::make_shared<int64_t>(onnx::kDefaultOpset);
  CLI::App* cmd = app.add_subcommand("export", "Write a trained model as an ONNX file (raw inputs in, logits out)");
  add_run_folder_argument(cmd, *dir);
  cmd->add_option("--onnx", *file, "the ONNX file to write")->required();
  cmd->add_option("--opset", *opset, "the ONNX operator set")
      ->capture_default_str()
      ->check(CLI::Range(onnx::kMinOpset, onnx::kMaxOpset));
  cmd->callback([=] {
    check_run_folder(*dir, {"config.json", "data.json", "model.safetensors"});
    const train::RunModel run = train::load_run_model(*dir);
    const onnx::ExportOptions options{
        .opset = *opset,
        .normalization = run.normalization,
        .class_names = run.class_names,
        .doc = "nabla model " + run.spec + ", trained with the " + run.config.loss +
               " loss"};
    std::string bytes;
    if (!onnx::export_model(*run.model, run.sample_shape, options).SerializeToString(&bytes))
      throw std::runtime_error("export: cannot serialise the ONNX model (protobuf's limit is 2 GiB)");
    io::write_file_atomic(*file, bytes);
    std::cout << "written to " << *file << " (opset " << *opset << ", input [batch, ";
    for (std::size_t i = 0; i < run.sample_shape.size(); ++i) std::cout << (i ? ", " : "") << run.sample_shape[i];
    std::cout << "], " << run.class_names.size() << " classes)\n";
    // The graph scores one image; the run's own evaluation averaged it with its mirror image.
    if (run.config.tta == "flip")
      std::cout << "note: the run scored images with their mirror images (--tta flip); the ONNX model scores each "
                   "image alone: average its logits on an image and on the image's columns reversed to match\n";
  });
}

}  // namespace nabla::cli
