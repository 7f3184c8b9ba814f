// The zero-division policy for ratios such as precision = TP / (TP + FP) whose denominator is 0.
#pragma once

#include <string_view>

namespace nabla::metrics {

// As scikit-learn's `zero_division`: `warn` gives 0 and records a warning, `zero` gives 0 silently,
// `one` gives 1 silently.
enum class ZeroDivision { warn, zero, one };

// "warn", "0" or "1" (scikit-learn's spellings); throws std::invalid_argument otherwise.
[[nodiscard]] ZeroDivision parse_zero_division(std::string_view text);

// The value a 0/0 ratio takes under the policy: 0 for warn and zero, 1 for one.
[[nodiscard]] double zero_division_value(ZeroDivision policy);

}  // namespace nabla::metrics
