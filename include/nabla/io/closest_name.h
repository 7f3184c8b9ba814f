// "Did you mean": the known name closest to a mistyped one, for errors about unknown flags and keys.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nabla::io {

// Levenshtein distance: insertions, deletions and substitutions of one character each cost 1.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to word, when it is near enough to be a typo (at most 2 edits, or a third of
// the word's length for longer words); ties go to the earlier candidate.
[[nodiscard]] std::optional<std::string> closest_name(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean X?)" for closest_name's answer, or "" when there is none.
[[nodiscard]] std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace nabla::io
