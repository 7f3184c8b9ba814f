// What a transport provides to the collectives of world.h: starting and ending the world, its shape, and
// non-blocking collectives on raw buffers. world.cpp calls these only in a world of more than one.
#pragma once
#include <cstdint>
#include <string>

#include <nabla/dist/world.h>

namespace nabla::dist::detail {

enum class Element { f32, f64, i64, byte };

struct Backend {
  static void start(int* argc, char*** argv);
  static void stop();
  [[nodiscard]] static int rank();
  [[nodiscard]] static int size();
  [[nodiscard]] static int local_size();
  [[nodiscard]] static std::string name();
  [[noreturn]] static void abort(int exit_code);

  // Each starts a collective over count (< 2^31) elements and returns it in flight; `what` names it in
  // errors.
  [[nodiscard]] static Request all_reduce(void* data, int64_t count, Element type, ReduceOp op, const std::string& what);
  [[nodiscard]] static Request broadcast(void* data, int64_t count, Element type, int root, const std::string& what);
  [[nodiscard]] static Request barrier(const std::string& what);
  // Rank r's counts[r] elements land at all + displacements[r].
  [[nodiscard]] static Request all_gather(const void* mine, int64_t count, void* all, const int* counts,
                                          const int* displacements, Element type, const std::string& what);
};

}  // namespace nabla::dist::detail
