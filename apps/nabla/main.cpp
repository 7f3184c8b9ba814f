// Entry point of the nabla tool: parses the command line and turns library errors into `error: …`.
#include <exception>
#include <iostream>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"nabla: train neural networks, from a single neuron to ConvNets"};
  app.set_version_flag("--version", std::string("nabla ") + NABLA_VERSION);
  app.require_subcommand(1);
  // One line per subcommand file.
  nabla::cli::add_train_command(app);
  nabla::cli::add_eval_command(app);
  nabla::cli::add_metrics_command(app);
  nabla::cli::add_lab_command(app);
  nabla::cli::add_search_command(app);
  nabla::cli::add_lr_find_command(app);
  nabla::cli::add_doctor_command(app);
  nabla::cli::add_report_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
