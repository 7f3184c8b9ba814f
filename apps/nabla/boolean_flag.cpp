// The one parser of yes/no flag values that every subcommand uses.
#include "boolean_flag.h"

#include <array>
#include <utility>

#include <nabla/io/printable.h>

namespace nabla::cli {

CLI::Option* add_boolean_flag(CLI::App* cmd, const std::string& name, std::function<void(bool)> set,
                              const std::string& help) {
  return cmd
      ->add_option_function<std::string>(
          name,
          [name, set = std::move(set)](const std::string& text) {
            static constexpr std::array<std::pair<const char*, bool>, 8> words{
                {{"true", true}, {"false", false}, {"1", true}, {"0", false},
                 {"yes", true}, {"no", false}, {"on", true}, {"off", false}}};
            for (const auto& [word, value] : words)
              if (text == word) return set(value);
            throw CLI::ValidationError(name, "takes true, false, 1, 0, yes, no, on or off (or nothing, for true), not \"" +
                                                 io::printable(text) + "\"");
          },
          help)
      // expected(0) marks the option flag-like, so that alone it passes "true" (not its default text, which
      // --help shows); expected(0, 1) then lets a value follow.
      ->expected(0)
      ->expected(0, 1)
      ->type_name("BOOLEAN");
}

CLI::Option* add_boolean_flag(CLI::App* cmd, const std::string& name, bool& value, const std::string& help) {
  return add_boolean_flag(cmd, name, [&value](bool v) { value = v; }, help);
}

}  // namespace nabla::cli
