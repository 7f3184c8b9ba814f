// Heap tuning for tensor storage (see allocator.h).
#include "allocator.h"

#include <malloc.h>

namespace nabla {

void configure_allocator() {
  static const bool done = [] {
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    return true;
  }();
  (void)done;
}

}  // namespace nabla
