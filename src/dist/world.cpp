// The typed collectives of world.h over the backend's raw ones; in a world of one they return at once.
#include <nabla/dist/world.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "backend/backend.h"

namespace nabla::dist {
namespace {

using detail::Backend;
using detail::Element;

// The most elements one MPI call takes (its counts are int); larger buffers go in pieces.
constexpr int64_t kMaxCount = std::numeric_limits<int>::max();

struct State {
  bool started = false, finished = false;
  double timeout = 0;  // 0: read NABLA_DIST_TIMEOUT on first use
};

State& state() {
  static State s;
  return s;
}

double timeout_from_environment() {
  const char* text = std::getenv("NABLA_DIST_TIMEOUT");
  if (!text) return 300;
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(v > 0) || !std::isfinite(v))
    throw std::invalid_argument(std::string("NABLA_DIST_TIMEOUT: must be a number of seconds > 0, not \"") + text + "\"");
  return v;
}

Element element_of(const Tensor& t, const char* op) {
  if (!t.is_contiguous())
    throw std::invalid_argument(std::string("dist::") + op + ": " + t.describe() + " must be contiguous");
  switch (t.dtype()) {
    case DType::f32: return Element::f32;
    case DType::f64: return Element::f64;
    case DType::i64: return Element::i64;
    default: throw std::invalid_argument(std::string("dist::") + op + ": " + t.describe() + " is not float32, float64 or int64");
  }
}

std::size_t element_bytes(Element e) { return e == Element::byte ? 1 : e == Element::f32 ? 4 : 8; }

void all_reduce_raw(void* data, int64_t count, Element type, ReduceOp op, const std::string& what) {
  auto* bytes = static_cast<char*>(data);
  for (int64_t done = 0; done < count; done += kMaxCount) {
    const int64_t n = std::min(kMaxCount, count - done);
    Backend::all_reduce(bytes + done * element_bytes(type), n, type, op, what).wait();
  }
}

void broadcast_raw(void* data, int64_t count, Element type, int root, const std::string& what) {
  auto* bytes = static_cast<char*>(data);
  for (int64_t done = 0; done < count; done += kMaxCount) {
    const int64_t n = std::min(kMaxCount, count - done);
    Backend::broadcast(bytes + done * element_bytes(type), n, type, root, what).wait();
  }
}

void check_root(int root, const char* op) {
  if (root < 0 || root >= world_size())
    throw std::invalid_argument(std::string("dist::") + op + ": root " + std::to_string(root) + " is not a rank in [0, " +
                                std::to_string(world_size() - 1) + "]");
}

template <class T>
std::vector<T> all_gather_values(std::span<const T> mine, Element type) {
  if (world_size() == 1) return {mine.begin(), mine.end()};
  std::vector<int64_t> counts(static_cast<std::size_t>(world_size()));
  const int64_t count = static_cast<int64_t>(mine.size());
  std::vector<int> one(counts.size(), 1), at(counts.size());
  for (std::size_t r = 0; r < at.size(); ++r) at[r] = static_cast<int>(r);
  Backend::all_gather(&count, 1, counts.data(), one.data(), at.data(), Element::i64, "all-gather of counts").wait();
  std::vector<int> sizes(counts.size()), offsets(counts.size());
  int64_t total = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    if (total + counts[r] > kMaxCount) throw std::invalid_argument("dist::all_gather: more than 2^31 - 1 values in all");
    sizes[r] = static_cast<int>(counts[r]);
    offsets[r] = static_cast<int>(total);
    total += counts[r];
  }
  std::vector<T> all(static_cast<std::size_t>(total));
  Backend::all_gather(mine.data(), count, all.data(), sizes.data(), offsets.data(), type, "all-gather").wait();
  return all;
}

}  // namespace

void init(int* argc, char*** argv) {
  State& s = state();
  if (s.started) return;
  Backend::start(argc, argv);
  s.started = true;
}

void finalize() {
  State& s = state();
  if (!s.started || s.finished) return;
  Backend::stop();
  s.finished = true;
}

int rank() { return Backend::rank(); }
int world_size() { return Backend::size(); }
int local_world_size() { return Backend::local_size(); }
std::string backend_name() { return Backend::name(); }

double timeout() {
  State& s = state();
  if (s.timeout == 0) s.timeout = timeout_from_environment();
  return s.timeout;
}

void set_timeout(double seconds) {
  if (!(seconds > 0) || !std::isfinite(seconds))
    throw std::invalid_argument("dist::set_timeout: must be a number of seconds > 0, not " + std::to_string(seconds));
  state().timeout = seconds;
}

void all_reduce(const Tensor& t, ReduceOp op) {
  const Element type = element_of(t, "all_reduce");
  if (world_size() > 1) all_reduce_raw(t.raw_data(), t.numel(), type, op, "all-reduce of " + t.describe());
}

void all_reduce(std::span<double> values, ReduceOp op) {
  if (world_size() > 1) all_reduce_raw(values.data(), static_cast<int64_t>(values.size()), Element::f64, op, "all-reduce");
}

void all_reduce(std::span<int64_t> values, ReduceOp op) {
  if (world_size() > 1) all_reduce_raw(values.data(), static_cast<int64_t>(values.size()), Element::i64, op, "all-reduce");
}

Request all_reduce_async(std::span<float> values, ReduceOp op, const std::string& what) {
  if (world_size() == 1) return {};
  if (static_cast<int64_t>(values.size()) > kMaxCount) throw std::invalid_argument("dist::all_reduce_async: " + what + ": more than 2^31 - 1 values");
  return Backend::all_reduce(values.data(), static_cast<int64_t>(values.size()), Element::f32, op, what);
}

Request all_reduce_async(std::span<double> values, ReduceOp op, const std::string& what) {
  if (world_size() == 1) return {};
  if (static_cast<int64_t>(values.size()) > kMaxCount) throw std::invalid_argument("dist::all_reduce_async: " + what + ": more than 2^31 - 1 values");
  return Backend::all_reduce(values.data(), static_cast<int64_t>(values.size()), Element::f64, op, what);
}

void broadcast(const Tensor& t, int root) {
  const Element type = element_of(t, "broadcast");
  check_root(root, "broadcast");
  if (world_size() > 1) broadcast_raw(t.raw_data(), t.numel(), type, root, "broadcast of " + t.describe());
}

void broadcast(std::string& bytes, int root) {
  check_root(root, "broadcast");
  if (world_size() == 1) return;
  int64_t size = static_cast<int64_t>(bytes.size());
  broadcast_raw(&size, 1, Element::i64, root, "broadcast of a size");
  bytes.resize(static_cast<std::size_t>(size));
  broadcast_raw(bytes.data(), size, Element::byte, root, "broadcast of " + std::to_string(size) + " bytes");
}

void barrier() {
  if (world_size() > 1) Backend::barrier("barrier").wait();
}

std::vector<double> all_gather(std::span<const double> mine) { return all_gather_values(mine, Element::f64); }
std::vector<int64_t> all_gather(std::span<const int64_t> mine) { return all_gather_values(mine, Element::i64); }

void abort(int exit_code) { Backend::abort(exit_code); }

}  // namespace nabla::dist
