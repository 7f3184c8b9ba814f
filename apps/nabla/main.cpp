// Entry point of the nabla tool: parses the command line and turns library errors into `error: …`.
#include <exception>
#include <iostream>
#include <string>

#include <nabla/io/shell_quote.h>

#include "commands.h"
#include "interrupt.h"

namespace {

// The command line that resumes a stopped run: the program, then the subcommand's resume arguments or,
// when it has none, the same arguments again.
std::string resume_command(int argc, char** argv, const std::string& resume_args) {
  std::string command = nabla::io::shell_quote(argv[0]);
  if (!resume_args.empty()) return command + " " + resume_args;
  for (int i = 1; i < argc; ++i) command += " " + nabla::io::shell_quote(argv[i]);
  return command;
}

}  // namespace

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
  } catch (const nabla::cli::Interrupted& e) {
    std::cerr << "interrupted: resume with: " << resume_command(argc, argv, e.args) << '\n';
    return 130;  // 128 + SIGINT, as a shell reports a job ended by Ctrl-C
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
