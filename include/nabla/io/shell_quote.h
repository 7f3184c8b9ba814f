// Shell quoting, for the commands nabla prints for the user to run next (resume, continue).
#pragma once
#include <string>
#include <string_view>

namespace nabla::io {

// word as one POSIX shell word: unchanged when it holds only characters the shell leaves alone
// (letters, digits, and _ - . / , : = + @ %), else in single quotes with each ' written as '\''.
[[nodiscard]] std::string shell_quote(std::string_view word);

}  // namespace nabla::io
