// Entry point of the nabla tool: parses the command line and turns every error into one `error: …` line,
// printed once in a data-parallel job (by the rank that saw it).
#include <exception>
#include <iostream>
#include <string>

#include <nabla/dist/agreement.h>
#include <nabla/dist/world.h>
#include <nabla/io/closest_name.h>
#include <nabla/io/printable.h>
#include <nabla/io/shell_quote.h>
#include <nabla/train/trainer.h>

#include "boolean_flag.h"
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

// The subcommand the command line chose, the deepest one (lab neuron rather than lab).
const CLI::App& chosen(const CLI::App& app) {
  for (const CLI::App* sub : app.get_subcommands()) return chosen(*sub);
  return app;
}

// " (did you mean --lr?)" for each unknown flag near one of the chosen subcommand's flags.
std::string flag_suggestions(const CLI::App& app) {
  const CLI::App& cmd = chosen(app);
  std::vector<std::string> names;
  for (const CLI::Option* o : cmd.get_options())
    for (const std::string& n : o->get_lnames()) names.push_back("--" + n);
  std::string hints;
  for (const std::string& arg : app.remaining(true))
    if (arg.rfind("--", 0) == 0) {
      const std::string flag = arg.substr(0, arg.find('='));
      if (const auto near = nabla::io::closest_name(flag, names)) hints += "; " + flag + ": did you mean " + *near + "?";
    }
  return hints;
}

// An error that this rank of a data-parallel job reports. Every rank fails together on a failure they
// agreed on (dist::fail_together, a divergence): the rank that saw it prints it, or rank 0 for one that all
// saw, and the others stay silent. Any other error is this rank's alone: it prints it with its rank and
// ends the whole job, since the other ranks would wait for it.
int report_error(const std::exception& e) {
  using namespace nabla;
  const int rank = dist::rank();
  if (dynamic_cast<const dist::PeerFailure*>(&e)) return 1;
  if (dynamic_cast<const train::TrainingDiverged*>(&e)) {
    if (rank == 0) std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  std::cerr << "error: " << (rank > 0 ? "rank " + std::to_string(rank) + ": " : "") << e.what() << '\n';
  if (dist::world_size() > 1 && !dynamic_cast<const dist::RankFailure*>(&e)) dist::abort(1);
  return 1;
}

// The subcommand named on the command line (its first word that is not a flag), or "".
std::string subcommand_of(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (argv[i][0] != '-') return argv[i];
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun, every process runs this; started alone, a world of one.
  const nabla::dist::Session world(argc, argv);
  const bool first_rank = nabla::dist::rank() == 0;
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
  nabla::cli::add_export_command(app);
  nabla::cli::add_predict_command(app);
  nabla::cli::add_summary_command(app);
  const std::string command = subcommand_of(argc, argv);
  if (nabla::dist::world_size() > 1 && !command.empty() && command != "train") {
    if (first_rank)
      std::cerr << "error: only `nabla train` runs under mpirun (this job has " << nabla::dist::world_size()
                << " processes); start `nabla " << command << "` as one process\n";
    return 1;
  }
  try {
    std::vector<std::string> args = nabla::cli::bind_bare_boolean_flags(app, argc, argv);
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    if (!first_rank) return e.get_exit_code();  // every rank parsed the same command line; one says so
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    if (app.get_subcommands().empty() && !command.empty()) {  // CLI11 would only say one is required
      std::vector<std::string> names;
      for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
      std::string list;
      for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
      std::cerr << "error: unknown command \"" << nabla::io::printable(command) << "\""
                << nabla::io::did_you_mean(command, names) << "; the commands are " << list << '\n';
      return e.get_exit_code();
    }
    std::cerr << "error: " << e.what() << flag_suggestions(app) << '\n';
    return e.get_exit_code();
  } catch (const nabla::cli::Interrupted& e) {
    if (first_rank) std::cerr << "interrupted: resume with: " << resume_command(argc, argv, e.args) << '\n';
    return 130;  // 128 + SIGINT, as a shell reports a job ended by Ctrl-C
  } catch (const std::exception& e) {
    return report_error(e);
  }
  return 0;
}
