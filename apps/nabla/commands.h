// The subcommands of the nabla tool; each registers itself on the root CLI::App.
#pragma once
#include <CLI/CLI.hpp>

namespace nabla::cli {

// Each add_*_command adds one subcommand (and its callback) to app.
void add_train_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_metrics_command(CLI::App& app);
void add_lab_command(CLI::App& app);
void add_search_command(CLI::App& app);
void add_lr_find_command(CLI::App& app);
void add_doctor_command(CLI::App& app);
void add_report_command(CLI::App& app);
void add_export_command(CLI::App& app);
void add_predict_command(CLI::App& app);
void add_summary_command(CLI::App& app);

// The subcommands of `nabla lab`, each added to the lab command.
void add_lab_optimize_command(CLI::App& lab);
void add_lab_quadric_command(CLI::App& lab);
void add_lab_rate_command(CLI::App& lab);
void add_lab_trajectory_command(CLI::App& lab);
void add_lab_neuron_command(CLI::App& lab);

}  // namespace nabla::cli
