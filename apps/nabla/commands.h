// The subcommands of the nabla tool; each registers itself on the root CLI::App.
#pragma once
#include <CLI/CLI.hpp>

namespace nabla::cli {

// Each add_*_command adds one subcommand (and its callback) to app.
void add_metrics_command(CLI::App& app);

}  // namespace nabla::cli
