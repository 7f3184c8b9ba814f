// `nabla lab`: the optimizer lab, one subcommand per experiment.
#include "commands.h"

namespace nabla::cli {

void add_lab_command(CLI::App& app) {
  CLI::App* lab = app.add_subcommand("lab", "Optimizer lab: test functions, convergence rates, trajectories, the neuron");
  lab->require_subcommand(1);
  add_lab_optimize_command(*lab);
  add_lab_quadric_command(*lab);
  add_lab_rate_command(*lab);
  add_lab_trajectory_command(*lab);
  add_lab_neuron_command(*lab);
}

}  // namespace nabla::cli
