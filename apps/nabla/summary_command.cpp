// `nabla summary RUN`: a trained run's model, layer by layer, with output shapes and parameter counts.
#include <iostream>

#include <nabla/nn/model_spec.h>
#include <nabla/nn/model_summary.h>
#include <nabla/train/run_model.h>

#include "commands.h"
#include "run_folder.h"

namespace nabla::cli {

void add_summary_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("summary", "Show a trained run's model: its layers, output shapes, parameters");
  add_run_folder_argument(cmd, *dir);
  cmd->callback([dir] {
    check_run_folder(*dir, {"config.json", "data.json", "model.safetensors"});
    const train::RunModel run = train::load_run_model(*dir);
    std::cout << "model " << run.spec << " on samples of shape "
              << shape_str(run.sample_shape) << ", " << run.class_names.size() << " classes\n"
              << nn::describe_model(*run.model, run.sample_shape);
  });
}

}  // namespace nabla::cli
