// Yes/no flags, given the same way in every subcommand: `--json` alone, `--json true` or `--json=off`.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace nabla::cli {

// Adds the flag `name`: alone it means true; the word after it (or after `=`) must be true, false, 1, 0,
// yes, no, on or off, else parsing fails with one line naming the flag and those words. A word that the
// command's positional arguments take is left to them (see bind_bare_boolean_flags).
CLI::Option* add_boolean_flag(CLI::App* cmd, const std::string& name, std::function<void(bool)> set,
                              const std::string& help);

// The same, storing the value in `value`, which must outlive the parse.
CLI::Option* add_boolean_flag(CLI::App* cmd, const std::string& name, bool& value, const std::string& help);

// The command line as CLI11's parse(std::vector&) takes it (reversed, without the program name), where a
// yes/no flag followed by a word that is not a yes/no value, while the subcommand's positional arguments
// still have room, reads `--flag=true`: `predict RUN --json a.png` means --json and the input a.png, while
// `eval RUN --full-curves sure` stays an error naming --full-curves.
std::vector<std::string> bind_bare_boolean_flags(const CLI::App& app, int argc, const char* const* argv);

}  // namespace nabla::cli
