// The one parser of yes/no flag values that every subcommand uses.
#include "boolean_flag.h"

#include <array>
#include <utility>

#include <nabla/io/printable.h>

namespace nabla::cli {
namespace {

constexpr std::array<std::pair<const char*, bool>, 8> kWords{{{"true", true}, {"false", false}, {"1", true},
                                                              {"0", false}, {"yes", true}, {"no", false},
                                                              {"on", true}, {"off", false}}};
constexpr const char* kTypeName = "BOOLEAN";

bool is_boolean_word(const std::string& text) {
  for (const auto& [word, value] : kWords)
    if (text == word) return true;
  return false;
}

// The deepest subcommand that the words of argv name (lab, then its trajectory), or the app itself, and
// the index of the word after its name.
std::pair<const CLI::App*, int> named_subcommand(const CLI::App& app, int argc, const char* const* argv) {
  const CLI::App* cmd = &app;
  int after = 1;
  for (int i = 1; i < argc; ++i)
    for (const CLI::App* sub : cmd->get_subcommands({}))
      if (sub->get_name() == argv[i]) {
        cmd = sub;
        after = i + 1;
        break;
      }
  return {cmd, after};
}

// How many positional words the subcommand takes at most (a list counts as unbounded).
std::size_t positional_capacity(const CLI::App& cmd) {
  std::size_t capacity = 0;
  for (const CLI::Option* o : cmd.get_options())
    if (o->get_positional()) capacity += static_cast<std::size_t>(o->get_items_expected_max());
  return capacity;
}

// The option `arg` names (`--name` or `--name=value`), or null.
const CLI::Option* option_named(const CLI::App& cmd, const std::string& arg) {
  if (arg.rfind("--", 0) != 0) return nullptr;
  const std::string name = arg.substr(2, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
  for (const CLI::Option* o : cmd.get_options())
    if (o->check_lname(name)) return o;
  return nullptr;
}

}  // namespace

std::vector<std::string> bind_bare_boolean_flags(const CLI::App& app, int argc, const char* const* argv) {
  const auto [cmd, first] = named_subcommand(app, argc, argv);
  const std::size_t capacity = positional_capacity(*cmd);
  std::vector<std::string> args(argv + 1, argv + argc);
  std::size_t positionals = 0;  // positional words seen so far
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    const CLI::Option* option = option_named(*cmd, arg);
    if (option == nullptr) {
      if (arg[0] != '-') ++positionals;
      continue;
    }
    if (arg.find('=') != std::string::npos || i + 1 >= argc) continue;
    const std::string next = argv[i + 1];
    if (option->get_type_name() != kTypeName) {
      if (option->get_expected_min() > 0) ++i;  // its value
    } else if (is_boolean_word(next)) {
      ++i;
    } else if (next[0] != '-' && positionals < capacity) {
      args[static_cast<std::size_t>(i - 1)] += "=true";  // the word is one of the command's positionals
    }
  }
  return {args.rbegin(), args.rend()};
}

CLI::Option* add_boolean_flag(CLI::App* cmd, const std::string& name, std::function<void(bool)> set,
                              const std::string& help) {
  return cmd
      ->add_option_function<std::string>(
          name,
          [name, set = std::move(set)](const std::string& text) {
            for (const auto& [word, value] : kWords)
              if (text == word) return set(value);
            throw CLI::ValidationError(name, "takes true, false, 1, 0, yes, no, on or off (or nothing, for true), not \"" +
                                                 io::printable(text) + "\"");
          },
          help)
      // expected(0) marks the option flag-like, so that alone it passes "true" (not its default text, which
      // --help shows); expected(0, 1) then lets a value follow.
      ->expected(0)
      ->expected(0, 1)
      ->type_name(kTypeName);
}

CLI::Option* add_boolean_flag(CLI::App* cmd, const std::string& name, bool& value, const std::string& help) {
  return add_boolean_flag(cmd, name, [&value](bool v) { value = v; }, help);
}

}  // namespace nabla::cli
