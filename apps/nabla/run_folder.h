// The run folder that eval, doctor, report, export, predict and summary take as their first argument,
// checked before they read it, so that a wrong one is named with what a run folder holds.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace nabla::cli {

// Adds the required positional argument RUN_DIR to cmd.
CLI::Option* add_run_folder_argument(CLI::App* cmd, std::string& dir,
                                     const std::string& help = "the run folder, the --out of `nabla train`");

// Throws unless dir is a folder holding each of `files` (or, when any_of, one of them); the message names
// the folder and what a run folder holds.
void check_run_folder(const std::filesystem::path& dir, const std::vector<std::string>& files, bool any_of = false);

}  // namespace nabla::cli
