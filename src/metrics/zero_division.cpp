// The zero-division policy: parsing scikit-learn's spellings and the value a 0/0 ratio takes.
#include <nabla/metrics/zero_division.h>

#include <stdexcept>
#include <string>

namespace nabla::metrics {

ZeroDivision parse_zero_division(std::string_view text) {
  if (text == "warn") return ZeroDivision::warn;
  if (text == "0") return ZeroDivision::zero;
  if (text == "1") return ZeroDivision::one;
  throw std::invalid_argument("zero_division: expected warn, 0 or 1, got '" + std::string(text) +
                              "'");
}

double zero_division_value(ZeroDivision policy) {
  return policy == ZeroDivision::one ? 1.0 : 0.0;
}

}  // namespace nabla::metrics
