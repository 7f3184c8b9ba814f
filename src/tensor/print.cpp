// Printing tensors with nested brackets; dimensions longer than 6 show their first and last 3 entries.
#include <nabla/tensor/print.h>

#include <cstdio>
#include <vector>

namespace nabla {
namespace {

constexpr int64_t kEdge = 3;

void print_rec(std::string& out, const std::vector<double>& v, const Shape& s, std::size_t d, int64_t base,
               const Shape& st, bool integral) {
  if (d == s.size()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, integral ? "%.0f" : "%.6g", v[base]);
    out += buf;
    return;
  }
  out += "[";
  const int64_t n = s[d];
  for (int64_t i = 0; i < n; ++i) {
    if (n > 2 * kEdge && i == kEdge) {
      out += "..., ";
      i = n - kEdge;
    }
    print_rec(out, v, s, d + 1, base + i * st[d], st, integral);
    if (i + 1 < n) out += d + 1 == s.size() ? ", " : ",\n" + std::string(d + 1, ' ');
  }
  out += "]";
}

}  // namespace

std::string to_string(const Tensor& t) {
  if (!t.defined()) return "Tensor(undefined)";
  std::string out = t.describe() + (t.requires_grad() ? " requires_grad\n" : "\n");
  const std::vector<double> v = t.to_vector<double>();
  print_rec(out, v, t.shape(), 0, 0, contiguous_strides(t.shape()), t.dtype() == DType::i64);
  return out;
}

std::ostream& operator<<(std::ostream& os, const Tensor& t) { return os << to_string(t); }

}  // namespace nabla
