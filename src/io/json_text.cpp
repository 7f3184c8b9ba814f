// json_text: nlohmann's dump for scalars and flat arrays, indentation for the rest.
#include <nabla/io/json_text.h>

#include <algorithm>

namespace nabla::io {
namespace {

bool flat(const nlohmann::json& j) {
  return j.is_array() && std::none_of(j.begin(), j.end(), [](const nlohmann::json& e) { return e.is_structured(); });
}

void write(const nlohmann::json& j, int depth, std::string& out) {
  if (!j.is_structured() || j.empty() || flat(j)) {
    out += j.dump();  // compact: [1,2,3]
    return;
  }
  const std::string inner(static_cast<std::size_t>(2 * (depth + 1)), ' ');
  out += j.is_object() ? "{\n" : "[\n";
  bool first = true;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!first) out += ",\n";
    first = false;
    out += inner;
    if (j.is_object()) out += nlohmann::json(it.key()).dump() + ": ";
    write(*it, depth + 1, out);
  }
  out += '\n';
  out.append(static_cast<std::size_t>(2 * depth), ' ');
  out += j.is_object() ? '}' : ']';
}

}  // namespace

std::string json_text(const nlohmann::json& j) {
  std::string out;
  write(j, 0, out);
  return out;
}

}  // namespace nabla::io
