// Yes/no flags, given the same way in every subcommand: `--json` alone, `--json true` or `--json=off`.
#pragma once
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace nabla::cli {

// Adds the flag `name`: alone it means true; the word after it (or after `=`) must be true, false, 1, 0,
// yes, no, on or off, else parsing fails with one line naming the flag and those words. A word that the
// command's remaining required arguments need is left to them (CLI11 stops there).
CLI::Option* add_boolean_flag(CLI::App* cmd, const std::string& name, std::function<void(bool)> set,
                              const std::string& help);

// The same, storing the value in `value`, which must outlive the parse.
CLI::Option* add_boolean_flag(CLI::App* cmd, const std::string& name, bool& value, const std::string& help);

}  // namespace nabla::cli
